package io.sequent.cli;

import io.sequent.client.ClientContext;
import io.sequent.client.QueryResult;
import io.sequent.client.SequentClient;
import io.sequent.codecs.SchemaDocuments;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.gateway.SequentServer;
import io.sequent.journal.SchemaJsonDecoder;
import io.sequent.payments.PaymentsModule;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.OrderEventsResultDecoder;
import io.sequent.payments.command.PaymentCommands;
import io.sequent.payments.domain.Currencies;
import io.sequent.payments.domain.PaymentsDomain;
import io.sequent.payments.domain.PaymentsReasons;
import io.sequent.payments.domain.PaymentsState;
import io.sequent.payments.flow.PaymentFlowGenerator;
import io.sequent.payments.projection.OrderProjection;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import io.sequent.cli.config.ServerConfigurator;

/**
 * {@code sequent demo --domain payments}: the payments domain served as the exchange is, by the same engine,
 * journal, snapshots, projections, gateway and client. A client sends a seeded workload (orders placed, authorized,
 * captured with fees, refunded in parts, cancelled, and some bad commands: out of order, stale versions, too large)
 * over Aeron; then it reads one order's history with the "events of order X from version N" query, checks the
 * invariant on the order projection while the server runs (per currency, captured minus refunded equals the sum over
 * the orders, and what the client's accepted commands add up to), and a restart shows the journal rebuilding the
 * same state.
 */
final class PaymentsDemo
{
    /** Commands of the workload unless told otherwise. */
    static final int DEFAULT_COMMANDS = 2_000;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int[] CURRENCIES = { Currencies.USD, Currencies.EUR, Currencies.GBP, Currencies.JPY,
        Currencies.BHD };

    private final Path dataDir;
    private final SequentServer.Context serverContext;
    private final long clientId;
    private final byte[] secret;
    private final ServerConfigurator configurator;
    private final int commands;

    /**
     * @param dataDir       a data directory.
     * @param serverContext the server's settings, for the payments module.
     * @param configurator  what made them, to print them with their sources.
     * @param clientId      the demo's client.
     * @param secret        its secret.
     * @param commands      commands of the workload.
     */
    PaymentsDemo(
        final Path dataDir, final SequentServer.Context serverContext, final ServerConfigurator configurator,
        final long clientId, final byte[] secret, final int commands)
    {
        this.dataDir = dataDir;
        this.serverContext = serverContext;
        this.configurator = configurator;
        this.clientId = clientId;
        this.secret = secret;
        this.commands = commands;
    }

    /**
     * @return 0 when the invariant holds and the recovered state equals the live one, else 1.
     */
    int run()
    {
        final PaymentFlowGenerator.Flow flow = new PaymentFlowGenerator(42, 200).generate(commands);
        final long liveHash;
        boolean holds;
        try (SequentServer server = SequentServer.launch(serverContext))
        {
            configurator.describe(serverContext).print(new java.io.PrintWriter(System.out, true));
            System.out.printf("   domain payments, engine threading %s, %d cores%n", server.engine().threadingMode(),
                Runtime.getRuntime().availableProcessors());
            final long[] sequences = new long[flow.count()];
            final int[] reasons = new int[flow.count()];
            final Long2LongHashMap indexOf = new Long2LongHashMap(-1);
            final int[] answered = new int[1];
            try (SequentClient client = SequentClient.connect(new ClientContext()
                .aeronDirectoryName(server.aeronDirectoryName())
                .ingressChannel(server.ingressChannel())
                .clientId(clientId)
                .secret(secret)
                .responseListener((correlationId, sequence, timestamp, reason, detail, duplicate) ->
                {
                    final int index = (int)indexOf.get(correlationId);
                    sequences[index] = sequence;
                    reasons[index] = reason;
                    answered[0]++;
                })))
            {
                System.out.printf("== client %d authenticated, session %d, over %s%n", clientId, client.sessionId(),
                    server.ingressChannel());
                System.out.printf("== payments: %,d commands (place, authorize, capture with fees, partial refunds, " +
                    "cancel; %,d of them bad on purpose)%n", flow.count(), flow.intendedRejects());
                final long start = System.nanoTime();
                send(client, flow, indexOf, answered);
                final double seconds = (System.nanoTime() - start) / 1e9;
                final TreeMap<String, Integer> rejected = new TreeMap<>();
                int accepted = 0;
                int unexpected = 0;
                for (int i = 0; i < flow.count(); i++)
                {
                    accepted += reasons[i] == 0 ? 1 : 0;
                    unexpected += (reasons[i] == 0) == flow.meantValid(i) ? 0 : 1;
                    if (reasons[i] != 0)
                    {
                        rejected.merge(PaymentsReasons.name(reasons[i]), 1, Integer::sum);
                    }
                }
                System.out.printf("   answered in %.2f s: accepted %,d, rejected %,d %s%n", seconds, accepted,
                    flow.count() - accepted, rejected);
                final long lastSequence = sequences[flow.count() - 1];
                holds = unexpected == 0;
                if (!holds)
                {
                    System.out.printf("   %d command(s) answered otherwise than the workload meant%n", unexpected);
                }
                final long busiest = busiestOrder(lastSequence);
                printHistory(client, busiest, lastSequence);
                holds &= printInvariant(flow, lastSequence);
            }
            server.close();
            liveHash = server.engine().stateHash();
        }

        System.out.println("== restart: recovering the engine from the journal");
        try (Engine<PaymentsState> engine = Engine.launch(new EngineContext<PaymentsState>().dataDir(dataDir)
            .module(new PaymentsModule()).durability(serverContext.engine().durability())))
        {
            final long recoveredHash = engine.recoveryReport().stateHash();
            System.out.printf("   %s%n", engine.recoveryReport());
            System.out.printf("   state hash live %016x, recovered %016x: %s%n", liveHash, recoveredHash,
                liveHash == recoveredHash ? "EQUAL" : "DIFFERENT");
            engine.close();
            final PaymentsState state = engine.closedState();
            try
            {
                state.checkInvariant();
                System.out.println("   recovered state: per currency, captured - refunded equals the sum over its " +
                    state.orderCount() + " orders");
            }
            catch (final IllegalStateException ex)
            {
                System.out.println("   INVARIANT BROKEN in the recovered state: " + ex.getMessage());
                holds = false;
            }
            return holds && liveHash == recoveredHash ? 0 : 1;
        }
    }

    /**
     * Sends the workload with many commands in flight (the window of unanswered commands pushes back), and waits for
     * every outcome. One client and one session, so the engine sees the commands in the order they are sent and
     * each one's expected version is the one the workload predicts.
     */
    private static void send(
        final SequentClient client, final PaymentFlowGenerator.Flow flow, final Long2LongHashMap indexOf,
        final int[] answered)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos() + flow.count() * 1_000_000L;
        int next = 0;
        while (answered[0] < flow.count())
        {
            while (next < flow.count())
            {
                final long correlationId = client.nextCorrelationId();
                indexOf.put(correlationId, next);
                if (client.offer(correlationId, flow.buffer(), flow.offset(next), flow.length(next)) < 0)
                {
                    indexOf.remove(correlationId);
                    break;
                }
                next++;
            }
            client.poll();
            if (System.nanoTime() > deadline || client.state() == SequentClient.State.CLOSED)
            {
                throw new IllegalStateException("the workload was not answered: " + answered[0] + " of " +
                    flow.count() + " (" + client.lastProblem() + ")");
            }
        }
    }

    private long busiestOrder(final long lastSequence)
    {
        try (OrderProjection view = OrderProjection.open(PaymentsModule.ordersFile(dataDir)))
        {
            awaitProjection(view, lastSequence);
            final long[] busiest = { 0, 0 };
            view.forEach((order, orderId) ->
            {
                if (order.getVersion() > busiest[1])
                {
                    busiest[0] = orderId;
                    busiest[1] = order.getVersion();
                }
            });
            return busiest[0];
        }
    }

    private static void printHistory(final SequentClient client, final long orderId, final long lastSequence)
    {
        System.out.printf("== query: the events of order:%d from version 1 (aggregate index + journal, upcast), " +
            "page by page%n", orderId);
        final PaymentCommands queries = new PaymentCommands();
        final UnsafeBuffer query = new UnsafeBuffer(new byte[64]);
        final SchemaJsonDecoder json = SchemaJsonDecoder.fromDocuments(List.of(PaymentsDomain.schemaXml(),
            SchemaDocuments.read(SchemaDocuments.ENGINE)));
        final UnsafeBuffer event = new UnsafeBuffer(new byte[256]);
        long from = 1;
        while (true)
        {
            final QueryResult answer = client.queryAtLeast(query, 0, queries.orderEventsQuery(query, 0, orderId, from),
                lastSequence, TIMEOUT);
            if (!answer.ok())
            {
                System.out.println("   " + answer);
                return;
            }
            final OrderEventsResultDecoder page = new OrderEventsResultDecoder().wrap(answer.result(),
                MessageHeaderDecoder.ENCODED_LENGTH, OrderEventsResultDecoder.BLOCK_LENGTH,
                OrderEventsResultDecoder.SCHEMA_VERSION);
            final OrderEventsResultDecoder.EventsDecoder events = page.events();
            if (events.count() == 0)
            {
                return;
            }
            for (final OrderEventsResultDecoder.EventsDecoder entry : events)
            {
                final long sequence = entry.sequence();
                final long version = entry.version();
                final int length = entry.messageLength();
                entry.getMessage(event, 0, length);
                System.out.printf("   sequence %d, v%d: %s%n", sequence, version, json.toJson(event, 0));
            }
            from = page.nextVersion();
        }
    }

    private boolean printInvariant(final PaymentFlowGenerator.Flow flow, final long lastSequence)
    {
        try (OrderProjection view = OrderProjection.open(PaymentsModule.ordersFile(dataDir)))
        {
            awaitProjection(view, lastSequence);
            final long[] net = new long[Currencies.COUNT];
            final long[] fees = new long[Currencies.COUNT];
            final int[] orders = new int[Currencies.COUNT];
            view.forEach((order, orderId) ->
            {
                final int slot = Currencies.slot(order.getCurrency());
                net[slot] += order.getCaptured() - order.getRefunded();
                fees[slot] += order.getFees();
                orders[slot]++;
            });
            System.out.printf("== invariant on the order projection (Chronicle Map, read while the server runs) at " +
                "sequence %,d%n", view.lastAppliedSequence());
            boolean holds = true;
            for (final int currency : CURRENCIES)
            {
                final int slot = Currencies.slot(currency);
                final long expected = flow.captured(currency) - flow.refunded(currency);
                final boolean equal = net[slot] == expected && fees[slot] == flow.fees(currency);
                holds &= equal;
                System.out.printf("   %s: captured %s - refunded %s = %s; sum over its %,d orders %s, fees %s %s%n",
                    Currencies.name(currency), Currencies.format(currency, flow.captured(currency)),
                    Currencies.format(currency, flow.refunded(currency)), Currencies.format(currency, expected),
                    orders[slot], Currencies.format(currency, net[slot]), Currencies.format(currency, fees[slot]),
                    equal ? "(equal)" : "(DIFFERENT)");
            }
            System.out.println(holds ? "   invariant holds" : "   INVARIANT BROKEN");
            return holds;
        }
    }

    private static void awaitProjection(final OrderProjection view, final long lastSequence)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (view.lastAppliedSequence() < lastSequence && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
    }
}
