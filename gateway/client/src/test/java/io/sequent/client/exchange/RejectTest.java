package io.sequent.client.exchange;

import io.sequent.codecs.RejectReason;
import io.sequent.exchange.api.ExchangeReasons;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link Reject} names every reason the engine, the gateway and the exchange give, under the same name and code,
 * and nothing else.
 */
class RejectTest
{
    @Test
    void everyReasonCodeHasItsRejectAndEveryRejectItsCode() throws IllegalAccessException
    {
        final Set<Reject> seen = new HashSet<>();
        for (final Class<?> table : new Class<?>[] { RejectReason.class, ExchangeReasons.class })
        {
            for (final Field field : table.getFields())
            {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class &&
                    !field.getName().equals("NONE"))
                {
                    final int code = field.getInt(null);
                    final Reject reject = Reject.of(code);
                    assertEquals(field.getName(), reject.name(), "code " + code);
                    assertEquals(code, reject.code());
                    assertFalse(reject.text().isBlank());
                    seen.add(reject);
                }
            }
        }
        assertEquals(Reject.values().length - 1, seen.size(), "every reject but UNKNOWN is a reason code");
    }

    @Test
    void anUnknownCodeIsUnknown()
    {
        assertSame(Reject.UNKNOWN, Reject.of(0));
        assertSame(Reject.UNKNOWN, Reject.of(99));
        assertSame(Reject.UNKNOWN, Reject.of(999));
        assertSame(Reject.UNKNOWN, Reject.of(-5));
        assertEquals(-1, Reject.UNKNOWN.code());
    }
}
