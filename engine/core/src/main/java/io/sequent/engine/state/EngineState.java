package io.sequent.engine.state;

import io.sequent.engine.domain.Domain;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.journal.FrameHandler;
import org.agrona.DirectBuffer;

/**
 * The whole state the journal rebuilds: the domain's state and the engine's {@link ClientLedger}. As a
 * {@link FrameHandler} it takes journal frames in order, the domain's events (through its upcaster) to
 * {@code Domain.apply} and the command records to the ledger, the same way on recovery, in the snapshotter's copy
 * and in tools. Owned by one thread.
 *
 * @param <S> the domain's state.
 */
public final class EngineState<S> implements FrameHandler
{
    private final Domain<S> domain;
    private final S state;
    private final ClientLedger ledger;
    private final FrameRouter router;

    /**
     * @param domain the rules, an instance for this thread.
     * @param state  the domain's state.
     * @param ledger the outcomes per client that go with it.
     */
    public EngineState(final Domain<S> domain, final S state, final ClientLedger ledger)
    {
        this.domain = domain;
        this.state = state;
        this.ledger = ledger;
        // Journal frames may hold events older than the code: the domain's upcaster makes them current.
        this.router = new FrameRouter((sequence, timestamp, buffer, offset, length) ->
            domain.apply(buffer, offset, length, state), ledger, domain.upcaster());
    }

    /**
     * @param domain the rules.
     * @param window outcomes the ledger keeps per client.
     * @param <S>    the domain's state.
     * @return a new, empty engine state.
     */
    public static <S> EngineState<S> empty(final Domain<S> domain, final int window)
    {
        return new EngineState<>(domain, domain.newState(), new ClientLedger(window));
    }

    @Override
    public void onFrame(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        router.onFrame(sequence, timestamp, buffer, offset, length);
    }

    /**
     * The engine's state hash: the domain's, combined with the ledger's. May allocate.
     *
     * @return the hash; equal to the domain's own when the ledger is empty (a journal without records).
     */
    public long hash()
    {
        return ledger.combinedHash(domain.stateHash(state));
    }

    /**
     * @return the rules.
     */
    public Domain<S> domain()
    {
        return domain;
    }

    /**
     * @return the domain's state.
     */
    public S state()
    {
        return state;
    }

    /**
     * @return the outcomes per client.
     */
    public ClientLedger ledger()
    {
        return ledger;
    }
}
