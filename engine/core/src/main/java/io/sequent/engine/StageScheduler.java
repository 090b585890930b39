package io.sequent.engine;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts the engine's agents on threads as the {@link ThreadingMode} says, and stops every one of them when any fails:
 * a stage that throws has left its work half done, so the engine stops loudly rather than go on with a wrong state
 * (the failure goes to the context's error handler, and the command source is closed, which closes its sessions).
 * A command source's own errors are its business: logged, and it carries on.
 */
final class StageScheduler implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StageScheduler.class);

    private final ThreadingMode mode;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ErrorHandler userErrorHandler;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final AgentRunner sourceRunner;
    private final SourceStage source;
    private final AgentInvoker invoker;
    private final List<AgentRunner> stageRunners = new ArrayList<>();

    /**
     * @param ctx          the concluded context: mode, idle strategies, error handler.
     * @param stages       sequencer, journaler, read side, in ring order.
     * @param source       the command source, or null.
     * @param io           the I/O agents (segment preparer, snapshot writer, interval sync).
     * @param interval     whether the I/O agent forces the journal (then it wakes every millisecond).
     * @param dropOutcomes polls the responder and drops what it gets, for the source's place once it stopped.
     */
    StageScheduler(
        final EngineContext<?> ctx,
        final List<Agent> stages,
        final CommandSource source,
        final List<Agent> io,
        final boolean interval,
        final Runnable dropOutcomes)
    {
        this.mode = ctx.threadingMode();
        this.userErrorHandler = ctx.errorHandler();
        this.source = source != null ? new SourceStage(source, dropOutcomes) : null;
        final Agent ioAgent = new Stage(new NamedComposite("sequent-journal-io", io));
        switch (mode)
        {
            case DEDICATED ->
            {
                stageRunners.add(runner(new Stage(stages.get(0)), ctx.sequencerIdleStrategy()));
                stageRunners.add(runner(new Stage(stages.get(1)), ctx.journalerIdleStrategy()));
                stageRunners.add(runner(new Stage(stages.get(2)), ctx.readSideIdleStrategy()));
                sourceRunner = this.source != null ? runner(this.source, ctx.sourceIdleStrategy()) : null;
                invoker = null;
            }
            case SHARED ->
            {
                final List<Agent> shared = new ArrayList<>();
                if (this.source != null)
                {
                    shared.add(this.source);
                }
                stages.forEach(stage -> shared.add(new Stage(stage)));
                stageRunners.add(runner(new NamedComposite("sequent-engine", shared), ctx.sharedIdleStrategy()));
                sourceRunner = null;
                invoker = null;
            }
            default ->
            {
                final List<Agent> all = new ArrayList<>();
                if (this.source != null)
                {
                    all.add(this.source);
                }
                stages.forEach(stage -> all.add(new Stage(stage)));
                all.add(ioAgent);
                sourceRunner = null;
                invoker = new AgentInvoker(this::onError, null, new NamedComposite("sequent-engine", all));
            }
        }
        if (mode != ThreadingMode.INVOKER)
        {
            // Forces are due within a millisecond; a spare segment is wanted only every few tens of ms at most.
            runners.add(runner(ioAgent, new SleepingMillisIdleStrategy(interval ? 1 : 10)));
        }
        runners.addAll(stageRunners);
        if (sourceRunner != null)
        {
            runners.add(sourceRunner);
        }
    }

    private AgentRunner runner(final Agent agent, final IdleStrategy idle)
    {
        return new AgentRunner(idle, this::onError, null, agent);
    }

    void start()
    {
        if (invoker != null)
        {
            invoker.start();
            return;
        }
        for (final AgentRunner runner : runners)
        {
            AgentRunner.startOnThread(runner, runnable ->
            {
                final Thread thread = new Thread(runnable, runner.agent().roleName());
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    AgentInvoker invoker()
    {
        return invoker;
    }

    Throwable failure()
    {
        return failure.get();
    }

    /**
     * Stops the command source taking commands: its runner is closed (it closes its sessions); in a shared or
     * invoked layout it stays in the duty cycle and only drops outcomes from now on.
     */
    void stopSource()
    {
        if (source != null)
        {
            source.stop();
        }
        CloseHelper.quietClose(sourceRunner);
    }

    /**
     * One step of draining while closing, for the thread that closes.
     *
     * @return true when someone else polls the responder meanwhile (the closing thread must not).
     */
    boolean stepWhileClosing()
    {
        if (invoker != null)
        {
            invoker.invoke();
            return source != null;
        }
        if (mode == ThreadingMode.SHARED && source != null)
        {
            Thread.yield();
            return true;
        }
        return false;
    }

    private void onError(final Throwable ex)
    {
        if (ex instanceof AgentTerminationException)
        {
            return;
        }
        if (failure.compareAndSet(null, ex))
        {
            LOG.error("an engine stage failed: the engine stops", ex);
            if (userErrorHandler != null)
            {
                userErrorHandler.onError(ex);
            }
        }
    }

    @Override
    public void close()
    {
        if (invoker != null)
        {
            invoker.close();
        }
        // The source first, then the stages in ring order, the I/O agent last: it writes the last snapshot taken.
        CloseHelper.quietClose(sourceRunner);
        for (final AgentRunner runner : stageRunners)
        {
            CloseHelper.quietClose(runner);
        }
        runners.forEach(CloseHelper::quietClose);
    }

    /**
     * An engine stage: stops its thread once any stage has failed.
     */
    private final class Stage implements Agent
    {
        private final Agent delegate;

        Stage(final Agent delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public int doWork() throws Exception
        {
            if (failure.get() != null)
            {
                throw new AgentTerminationException("the engine stopped after a failure");
            }
            return delegate.doWork();
        }

        @Override
        public void onStart()
        {
            delegate.onStart();
        }

        @Override
        public void onClose()
        {
            delegate.onClose();
        }

        @Override
        public String roleName()
        {
            return delegate.roleName();
        }
    }

    /**
     * The command source in the duty cycle: stops with the engine, drops outcomes once stopped, and keeps its own
     * errors from stopping the engine.
     */
    private final class SourceStage implements Agent
    {
        private final CommandSource delegate;
        private final Runnable dropOutcomes;
        private volatile boolean stopped;
        private long errors;

        SourceStage(final CommandSource delegate, final Runnable dropOutcomes)
        {
            this.delegate = delegate;
            this.dropOutcomes = dropOutcomes;
        }

        void stop()
        {
            stopped = true;
        }

        @Override
        public int doWork()
        {
            if (failure.get() != null)
            {
                throw new AgentTerminationException("the engine stopped after a failure");
            }
            if (stopped)
            {
                dropOutcomes.run();
                return 0;
            }
            try
            {
                return delegate.doWork();
            }
            catch (final AgentTerminationException ex)
            {
                throw ex;
            }
            catch (final Exception ex)
            {
                if (++errors <= 10 || Long.bitCount(errors) == 1)
                {
                    LOG.warn("{} failed a duty cycle ({} so far); it carries on", delegate.roleName(), errors, ex);
                }
                return 0;
            }
        }

        @Override
        public void onStart()
        {
            delegate.onStart();
        }

        @Override
        public void onClose()
        {
            delegate.onClose();
        }

        @Override
        public String roleName()
        {
            return delegate.roleName();
        }
    }

    /**
     * A composite with the thread name the layout gives it.
     */
    private static final class NamedComposite extends CompositeAgent
    {
        private final String name;

        NamedComposite(final String name, final List<? extends Agent> agents)
        {
            super(agents);
            this.name = name;
        }

        @Override
        public String roleName()
        {
            return name;
        }
    }
}
