package io.sequent.payments.domain;

/**
 * The currencies the payments domain takes, by ISO 4217 numeric code, with their minor-unit exponents: an amount of
 * 1,250 in USD (exponent 2) is 12.50 dollars, in JPY (exponent 0) 1,250 yen, in BHD (exponent 3) 1.250 dinars.
 * Each has a slot, 0 to {@link #COUNT} - 1, for per-currency totals kept in arrays.
 */
public final class Currencies
{
    /** US dollar. */
    public static final int USD = 840;
    /** Euro. */
    public static final int EUR = 978;
    /** Pound sterling. */
    public static final int GBP = 826;
    /** Swiss franc. */
    public static final int CHF = 756;
    /** Yen: no minor unit. */
    public static final int JPY = 392;
    /** Bahraini dinar: three decimals. */
    public static final int BHD = 48;

    private static final int[] CODES = { USD, EUR, GBP, CHF, JPY, BHD };
    private static final int[] EXPONENTS = { 2, 2, 2, 2, 0, 3 };
    private static final String[] NAMES = { "USD", "EUR", "GBP", "CHF", "JPY", "BHD" };
    private static final long[] POWERS = { 1, 10, 100, 1000 };

    /** Currencies known. */
    public static final int COUNT = CODES.length;

    private Currencies()
    {
    }

    /**
     * @param code an ISO 4217 numeric code.
     * @return its slot, or -1 for a currency the domain does not take.
     */
    public static int slot(final int code)
    {
        for (int i = 0; i < CODES.length; i++)
        {
            if (CODES[i] == code)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param slot a currency's slot.
     * @return its ISO 4217 numeric code.
     */
    public static int code(final int slot)
    {
        return CODES[slot];
    }

    /**
     * @param code a known currency's code.
     * @return minor units per whole unit: 100 for USD, 1 for JPY, 1,000 for BHD.
     * @throws IllegalArgumentException for an unknown currency.
     */
    public static long minorUnitsPerUnit(final int code)
    {
        final int slot = slot(code);
        if (slot < 0)
        {
            throw new IllegalArgumentException("unknown currency " + code);
        }
        return POWERS[EXPONENTS[slot]];
    }

    /**
     * @param code a currency's code.
     * @return its ISO 4217 letters, or the number for an unknown one.
     */
    public static String name(final int code)
    {
        final int slot = slot(code);
        return slot < 0 ? Integer.toString(code) : NAMES[slot];
    }

    /**
     * @param code   a known currency's code.
     * @param amount in minor units.
     * @return the amount as a decimal, for people (never for arithmetic): {@code 12.50 USD}.
     */
    public static String format(final int code, final long amount)
    {
        final int slot = slot(code);
        if (slot < 0 || EXPONENTS[slot] == 0)
        {
            return amount + " " + name(code);
        }
        final long scale = POWERS[EXPONENTS[slot]];
        final String minor = Long.toString(Math.abs(amount % scale) + scale).substring(1);
        return (amount < 0 && amount > -scale ? "-" : "") + amount / scale + "." + minor + " " + name(code);
    }
}
