package io.sequent.engine;

import org.agrona.concurrent.Agent;

/**
 * What feeds the sequencer and answers for it: in single-node mode the gateway's ingress (commands from Aeron
 * sessions, outcomes back to their egress), in clustered mode the Aeron Cluster service (commands in log order).
 * <p>
 * The engine binds the source once it has recovered, then runs it as one more {@link Agent} in the layout its
 * {@link ThreadingMode} gives: on a thread of its own ({@code DEDICATED}), on the one thread with the engine's stages
 * ({@code SHARED}), or stepped by the caller ({@code INVOKER}). Its duty cycle offers commands to
 * {@link Engine#offer} and polls outcomes from {@link Engine#responder()}; both belong to its thread only.
 */
public interface CommandSource extends Agent
{
    /**
     * Called once, on the thread that launches the engine, after recovery and before the source's first duty
     * cycle.
     *
     * @param engine the recovered engine: its command sink, responder, positions and recovery report.
     */
    void bind(Engine<?> engine);
}
