package io.sequent.exchange.domain;

import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.api.ExchangeCommands;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Drives an {@link ExchangeDomain} directly, as the sequencer does: handle, then apply the events when accepted.
 * Checks on every command that handle alone never changes the state, that a rejection changes nothing, and that a
 * rejection is the command's last word: no event is claimed after it ({@link RejectionIsFinal}).
 */
final class DomainFixture
{
    final ExchangeDomain domain;
    final ExchangeState state;
    final ExchangeCommands commands = new ExchangeCommands();
    final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
    final RecordingEventAppender events;
    private final RejectionIsFinal guard = new RejectionIsFinal();

    DomainFixture(final ExchangeDomain domain)
    {
        this(domain, new RecordingEventAppender());
    }

    /**
     * @param domain the rules.
     * @param events records one command's events: large enough for the largest sweep the test makes.
     */
    DomainFixture(final ExchangeDomain domain, final RecordingEventAppender events)
    {
        this.domain = domain;
        this.state = domain.newState();
        this.events = events;
    }

    /**
     * @param clientId the client the next commands come from (the owner of the accounts they open).
     * @return this.
     */
    DomainFixture asClient(final long clientId)
    {
        events.clientId(clientId);
        return this;
    }

    /**
     * @param length of the command encoded in {@link #command}.
     * @return the reject reason, 0 when accepted.
     */
    int execute(final int length)
    {
        final long before = domain.stateHash(state);
        events.reset();
        domain.handle(command, 0, length, state, guard.wrap(events));
        assertEquals(before, domain.stateHash(state), "handle must not change the state");
        if (events.reason() == 0)
        {
            events.applyTo(domain, state);
        }
        return events.reason();
    }
}
