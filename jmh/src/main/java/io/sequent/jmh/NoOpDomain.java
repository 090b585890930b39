package io.sequent.jmh;

import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.EventAppender;
import org.agrona.DirectBuffer;

import java.io.DataInput;
import java.io.DataOutput;

/**
 * A domain that accepts every command and emits no event: what is left of a command's trip through the engine is
 * the engine's own work (command ring, sequencer with its dedup ledger, the command record journaled, the outcome
 * on the event ring to the responder). Commands: an 8-byte SBE header of schema {@link #SCHEMA_ID} and any body.
 */
public final class NoOpDomain implements Domain<Object>
{
    /** Schema id of its commands (and of the events it never emits). */
    public static final int SCHEMA_ID = 902;
    /** Schema version. */
    public static final int SCHEMA_VERSION = 1;
    private static final Object STATE = new Object();

    @Override
    public int commandSchemaId()
    {
        return SCHEMA_ID;
    }

    @Override
    public int commandSchemaVersion()
    {
        return SCHEMA_VERSION;
    }

    @Override
    public int eventSchemaId()
    {
        return SCHEMA_ID;
    }

    @Override
    public int eventSchemaVersion()
    {
        return SCHEMA_VERSION;
    }

    @Override
    public Object newState()
    {
        return STATE;
    }

    @Override
    public void handle(
        final DirectBuffer command, final int offset, final int length, final Object state, final EventAppender events)
    {
        // Accepted, and nothing to say.
    }

    @Override
    public void apply(final DirectBuffer event, final int offset, final int length, final Object state)
    {
    }

    @Override
    public long stateHash(final Object state)
    {
        return 0;
    }

    @Override
    public void writeSnapshot(final Object state, final DataOutput out)
    {
    }

    @Override
    public Object readSnapshot(final DataInput in)
    {
        return STATE;
    }
}
