package io.sequent.exchange.api;

import io.sequent.codecs.RejectReason;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExchangeReasonsTest
{
    @Test
    void everyCodeIsDistinctAtLeast100AndNamedAfterItsConstant() throws IllegalAccessException
    {
        final Set<Integer> codes = new HashSet<>();
        for (final Field field : ExchangeReasons.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class)
            {
                final int code = field.getInt(null);
                assertTrue(code >= 100, field.getName() + " collides with the engine's codes");
                assertTrue(codes.add(code), field.getName() + " reuses code " + code);
                assertEquals(field.getName(), ExchangeReasons.name(code));
            }
        }
        assertTrue(codes.size() >= 8, "the account slice's reasons at least");
    }

    @Test
    void codesBelow100AreTheEnginesAndUnknownCodesStillGetAName()
    {
        assertEquals("NONE", ExchangeReasons.name(RejectReason.NONE));
        assertEquals("UNKNOWN_COMMAND", ExchangeReasons.name(RejectReason.UNKNOWN_COMMAND));
        assertEquals("MALFORMED_COMMAND", ExchangeReasons.name(RejectReason.MALFORMED_COMMAND));
        assertEquals("DOMAIN_999", ExchangeReasons.name(999));
    }
}
