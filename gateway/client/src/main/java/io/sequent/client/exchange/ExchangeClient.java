package io.sequent.client.exchange;

import io.aeron.Publication;
import io.sequent.client.ClientContext;
import io.sequent.client.SequentClient;
import io.sequent.client.SequentClientException;
import io.sequent.codecs.config.Settings;
import io.sequent.codecs.exchange.AddInstrumentResultDecoder;
import io.sequent.codecs.exchange.AmendOrderResultDecoder;
import io.sequent.codecs.exchange.CancelOrderResultDecoder;
import io.sequent.codecs.exchange.OpenAccountResultDecoder;
import io.sequent.codecs.exchange.PlaceOrderResultDecoder;
import io.sequent.codecs.exchange.TransferResultDecoder;
import io.sequent.codecs.session.SubscriptionScope;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.api.ExchangeQueryRequests;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The reference exchange's typed client: accounts, deposits and withdrawals, instruments, orders (place, cancel,
 * amend) and queries (balances, an order, the top of a book), with typed arguments and typed results, over one
 * {@link SequentClient} session. No SBE in user code.
 * <pre>{@code
 * try (ExchangeClient exchange = ExchangeClient.connect(new ClientContext()
 *     .ingressChannel("aeron:udp?endpoint=localhost:40123").clientId(7).secretHex("5f1c...")))
 * {
 *     exchange.openAccount(1).value();
 *     exchange.deposit(1, USD, 1_000_000).value();
 *     OrderPlaced order = exchange.placeOrder(1, BTC_USD, Side.BUY, 50_000, 2, TimeInForce.GTC, 1).value();
 * }
 * }</pre>
 * Three ways to send each command:
 * <ul>
 *     <li>blocking ({@code placeOrder(...)}): sends and waits, polling, for the {@link Outcome}, at most
 *     {@link #timeout()}; for scripts, tools and tests.</li>
 *     <li>non-blocking ({@code placeOrderAsync(...)}): sends and returns a {@link CompletableFuture} of the outcome,
 *     completed on the thread that calls {@link #poll()}, after Aeron's poll returns, so what is chained on it may
 *     call this client again. It fails with {@link SequentClientException} when no outcome came within the
 *     timeout or the client closed. It waits, polling, only while the client pushes back (the window of unanswered
 *     commands full, or reconnecting).</li>
 *     <li>zero-allocation ({@code offerPlaceOrder(correlationId, ...)}): sends without waiting or allocating and
 *     returns {@link SequentClient#offer}'s result (back-pressure is the caller's to handle); the outcome goes,
 *     decoded into primitives, to the {@link ExchangeListener} given at {@link #connect(ClientContext,
 *     ExchangeListener)}, keyed by the correlation id. For the hot loop.</li>
 * </ul>
 * Every command's result is typed: {@link OrderPlaced} (the order id, status and what it filled at once),
 * {@link BalanceUpdate}, and so on; a rejection is a {@link Rejected} with a {@link Reject} and its text. Commands
 * on an account are accepted from the client that opened it only ({@link Reject#NOT_ACCOUNT_OWNER}).
 * <p>
 * Bad arguments (an amount or quantity of zero or less, a price of zero or less, a missing side, a non-positive
 * account or order id) fail at once with {@link IllegalArgumentException}, before anything is sent. What needs the
 * server's state (an unknown instrument, a price off the tick) it rejects with a typed reason.
 * <p>
 * Queries read the server's read models, at least at the journal sequence of this client's last answered command,
 * so a client always reads its own writes; a read model that lags is asked again until the timeout.
 * <p>
 * Lost connections are the {@link SequentClient}'s business: it reconnects and re-sends every unanswered command,
 * and the server answers a re-sent command it had applied with its first outcome again, flagged
 * {@link Outcome#duplicate()}. Unanswered queries are asked again after a reconnect.
 * <p>
 * Threads: like {@link SequentClient}, not thread-safe and with no thread of its own: one thread calls every method,
 * polls often (or sits in blocking calls, which poll), and receives every callback and future completion. From
 * inside an {@link ExchangeListener} callback (which runs inside Aeron's poll) call only the {@code offer...}
 * methods; a blocking or async call there fails with {@link IllegalStateException}.
 */
public final class ExchangeClient implements AutoCloseable
{
    /** Setting: how long blocking calls and futures wait for their answer, in milliseconds. */
    public static final String TIMEOUT_PROP_NAME = "sequent.exchange.timeout.ms";
    /** Default of {@link #TIMEOUT_PROP_NAME}: ten seconds. */
    public static final long TIMEOUT_DEFAULT_MS = 10_000;

    private final SequentClient client;
    private final IdleStrategy idle;
    private final PendingCalls pending;
    private final ResponseRouter router;
    private final ExchangeCommands commands = new ExchangeCommands();
    private final ExchangeQueryRequests queries = new ExchangeQueryRequests();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer query = new UnsafeBuffer(new byte[64]);
    private final PendingCalls.QuerySender querySender = (correlationId, pendingQuery) ->
        offerQuery(correlationId, pendingQuery) > 0;
    private Duration timeout = Duration.ofMillis(Settings.longValue(TIMEOUT_PROP_NAME, TIMEOUT_DEFAULT_MS));
    private long reconnects;
    private boolean inPoll;

    private ExchangeClient(
        final SequentClient client, final IdleStrategy idle, final PendingCalls pending, final ResponseRouter router)
    {
        this.client = client;
        this.idle = idle;
        this.pending = pending;
        this.router = router;
        this.reconnects = client.reconnects();
    }

    /**
     * Connects and opens a session, as {@link SequentClient#connect} does.
     *
     * @param ctx the connection's settings; this client installs its own response and query listeners in it.
     * @return the connected client.
     * @throws SequentClientException   when no server answers in time or it refuses the session.
     * @throws IllegalArgumentException when the context already has a response or query listener.
     */
    public static ExchangeClient connect(final ClientContext ctx)
    {
        return connect(ctx, null);
    }

    /**
     * Connects and opens a session, as {@link SequentClient#connect} does.
     *
     * @param ctx      the connection's settings; this client installs its own response and query listeners in it.
     * @param listener receives the outcomes of commands sent with the {@code offer...} methods (and any no future
     *                 awaits); may be null.
     * @return the connected client.
     * @throws SequentClientException   when no server answers in time or it refuses the session.
     * @throws IllegalArgumentException when the context already has a response or query listener.
     */
    public static ExchangeClient connect(final ClientContext ctx, final ExchangeListener listener)
    {
        if (ctx.responseListener() != null || ctx.queryListener() != null)
        {
            throw new IllegalArgumentException("ExchangeClient takes the context's response and query listeners " +
                "for itself: give it an ExchangeListener instead");
        }
        final PendingCalls pending = new PendingCalls();
        final ResponseRouter router = new ResponseRouter(listener, pending);
        ctx.responseListener(router).queryListener(router);
        final SequentClient client = SequentClient.connect(ctx);
        return new ExchangeClient(client, ctx.idleStrategy(), pending, router);
    }

    /**
     * @param timeout how long blocking calls and futures wait for their answer (default
     *                {@link #TIMEOUT_PROP_NAME}, 10 s); at least a millisecond.
     * @return this.
     */
    public ExchangeClient timeout(final Duration timeout)
    {
        if (timeout.toMillis() < 1)
        {
            throw new IllegalArgumentException("timeout must be at least 1 ms: " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * @return how long blocking calls and futures wait for their answer.
     */
    public Duration timeout()
    {
        return timeout;
    }

    /**
     * Subscribes to this client's execution reports: every acceptance, trade, amend and cancel of an order of an
     * account it owns, pushed by the server as they happen (an OWN subscription to the event stream), first caught
     * up from the journal, then live. Across lost connections and server restarts the client resubscribes from the
     * sequence after the last report delivered, so no fill is lost to a disconnect and none arrives twice. A new
     * process that remembered {@link ExecutionReport#sequence()} may start after it; one that starts from 1 sees every
     * order from its acceptance, with its leaves and cumulative quantities.
     *
     * @param fromSequence first journal sequence wanted: 1 from the start, a remembered sequence + 1, or -1 for what
     *                     comes next.
     * @param accountId    one of the client's accounts, or 0 for all of them.
     * @param listener     receives the reports on the thread that calls {@link #poll()}.
     * @return the subscription's id, as {@link SequentClient#subscribe} returns it (end it with
     *         {@link #unsubscribe}).
     */
    public long executionReports(final long fromSequence, final long accountId, final ExecutionReportListener listener)
    {
        if (accountId < 0)
        {
            throw new IllegalArgumentException("accountId must be an account (positive) or 0 for all: " + accountId);
        }
        return client.subscribe(fromSequence, SubscriptionScope.OWN, accountId, new ExecutionReports(listener));
    }

    /**
     * Ends a subscription such as {@link #executionReports}.
     *
     * @param subscriptionId what it returned.
     * @return as {@link SequentClient#unsubscribe}.
     */
    public long unsubscribe(final long subscriptionId)
    {
        return client.unsubscribe(subscriptionId);
    }

    /**
     * @return the session underneath, for its state, counters and raw commands.
     */
    public SequentClient sequentClient()
    {
        return client;
    }

    /**
     * @return a correlation id not used before by this client, for the {@code offer...} methods.
     */
    public long nextCorrelationId()
    {
        return client.nextCorrelationId();
    }

    /**
     * @return the highest journal sequence a response to this client named: its queries read at least there.
     */
    public long lastSequence()
    {
        return router.lastSequence();
    }

    /**
     * @return blocking calls, futures and queries awaiting their answer.
     */
    public int pendingCalls()
    {
        return pending.size();
    }

    /**
     * Delivers what has arrived: outcomes to the {@link ExchangeListener} (inside the session's poll), then the
     * futures' completions; asks lagging queries again; fails what is past its timeout; keeps the session alive and
     * reconnects it ({@link SequentClient#poll()}).
     *
     * @return work done.
     */
    public int poll()
    {
        int work;
        inPoll = true;
        try
        {
            work = client.poll();
        }
        finally
        {
            inPoll = false;
        }
        final long now = System.nanoTime();
        final long reconnected = client.reconnects();
        pending.resendQueries(now, reconnected != reconnects, querySender);
        reconnects = reconnected;
        pending.expire(now);
        return work + pending.drain();
    }

    // ---------------------------------------------------------------------------------------------- blocking calls

    /**
     * Opens an account owned by this client.
     *
     * @param accountId the new account's id, positive.
     * @return the outcome.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no outcome comes within the timeout, or the client is closed.
     */
    public Outcome<AccountOpened> openAccount(final long accountId)
    {
        return await(openAccountAsync(accountId));
    }

    /**
     * Credits an account.
     *
     * @param accountId the account, this client's.
     * @param assetId   the asset, 0 or more.
     * @param amount    scaled units, positive.
     * @return the outcome: the balance after it.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no outcome comes within the timeout, or the client is closed.
     */
    public Outcome<BalanceUpdate> deposit(final long accountId, final int assetId, final long amount)
    {
        return await(depositAsync(accountId, assetId, amount));
    }

    /**
     * Debits an account, at most its available balance.
     *
     * @param accountId the account, this client's.
     * @param assetId   the asset, 0 or more.
     * @param amount    scaled units, positive.
     * @return the outcome: the balance after it.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no outcome comes within the timeout, or the client is closed.
     */
    public Outcome<BalanceUpdate> withdraw(final long accountId, final int assetId, final long amount)
    {
        return await(withdrawAsync(accountId, assetId, amount));
    }

    /**
     * Lists a market of a base asset against a quote asset.
     *
     * @param instrumentId the new instrument's id.
     * @param baseAsset    the asset traded.
     * @param quoteAsset   the asset prices are in; not the base.
     * @param priceTick    prices are multiples of this, positive.
     * @param lotSize      quantities are multiples of this, positive.
     * @return the outcome.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no outcome comes within the timeout, or the client is closed.
     */
    public Outcome<InstrumentAdded> addInstrument(
        final int instrumentId, final int baseAsset, final int quoteAsset, final long priceTick, final long lotSize)
    {
        return await(addInstrumentAsync(instrumentId, baseAsset, quoteAsset, priceTick, lotSize));
    }

    /**
     * Places a limit order; it trades at once with what it crosses (at the resting orders' prices), and the rest
     * rests (GTC) or is cancelled (IOC). Its funds (quote for a buy, base for a sell) are reserved while it rests.
     *
     * @param accountId     the account, this client's.
     * @param instrumentId  the market.
     * @param side          BUY or SELL.
     * @param price         limit price in quote units per base unit, positive, a multiple of the tick.
     * @param quantity      base units, positive, a multiple of the lot size.
     * @param timeInForce   GTC or IOC.
     * @param clientOrderId the client's own id for the order, unique among the account's live orders.
     * @return the outcome: the order id, its status and its fills.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no outcome comes within the timeout, or the client is closed.
     */
    public Outcome<OrderPlaced> placeOrder(
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final TimeInForce timeInForce,
        final long clientOrderId)
    {
        return await(placeOrderAsync(accountId, instrumentId, side, price, quantity, timeInForce, clientOrderId));
    }

    /**
     * Cancels a live order.
     *
     * @param accountId the order's account, this client's.
     * @param orderId   the order, as {@link OrderPlaced#orderId()} named it.
     * @return the outcome.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no outcome comes within the timeout, or the client is closed.
     */
    public Outcome<OrderCancelled> cancel(final long accountId, final long orderId)
    {
        return await(cancelAsync(accountId, orderId));
    }

    /**
     * Changes a live order's price and open quantity.
     *
     * @param accountId   the order's account, this client's.
     * @param orderId     the order.
     * @param newPrice    the new limit price, positive.
     * @param newQuantity the new open quantity, positive.
     * @return the outcome.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no outcome comes within the timeout, or the client is closed.
     */
    public Outcome<OrderAmended> amend(
        final long accountId, final long orderId, final long newPrice, final long newQuantity)
    {
        return await(amendAsync(accountId, orderId, newPrice, newQuantity));
    }

    /**
     * @param accountId an account.
     * @return its balance of every asset it has had, in asset order; empty for an account the server does not know.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no answer comes within the timeout, or the server answers no queries.
     */
    public List<Balance> balances(final long accountId)
    {
        return await(balancesAsync(accountId));
    }

    /**
     * @param accountId an account.
     * @param assetId   an asset.
     * @return its balance of that asset; empty when it never had any.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no answer comes within the timeout, or the server answers no queries.
     */
    public Optional<Balance> balance(final long accountId, final int assetId)
    {
        return await(balanceAsync(accountId, assetId));
    }

    /**
     * @param orderId an order.
     * @return the order, live or finished; empty for an order the server does not know.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     * @throws SequentClientException   when no answer comes within the timeout, or the server answers no queries.
     */
    public Optional<OrderState> order(final long orderId)
    {
        return await(orderAsync(orderId));
    }

    /**
     * @param instrumentId an instrument.
     * @return its best bid and ask; empty for an instrument that has never had an order.
     * @throws SequentClientException when no answer comes within the timeout, or the server answers no queries.
     */
    public Optional<TopOfBook> topOfBook(final int instrumentId)
    {
        return await(topOfBookAsync(instrumentId));
    }

    // ------------------------------------------------------------------------------------------- non-blocking calls

    /**
     * See {@link #openAccount}; the future completes on the polling thread.
     *
     * @param accountId the new account's id, positive.
     * @return the outcome, when it comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<Outcome<AccountOpened>> openAccountAsync(final long accountId)
    {
        CallArguments.positive("accountId", accountId);
        return sendCommand(commands.openAccount(command, 0, accountId), OpenAccountResultDecoder.TEMPLATE_ID,
            "openAccount " + accountId);
    }

    /**
     * See {@link #deposit}; the future completes on the polling thread.
     *
     * @param accountId the account, this client's.
     * @param assetId   the asset, 0 or more.
     * @param amount    scaled units, positive.
     * @return the outcome, when it comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<Outcome<BalanceUpdate>> depositAsync(
        final long accountId, final int assetId, final long amount)
    {
        checkTransfer(accountId, assetId, amount);
        return sendCommand(commands.deposit(command, 0, accountId, assetId, amount),
            TransferResultDecoder.TEMPLATE_ID, "deposit to account " + accountId);
    }

    /**
     * See {@link #withdraw}; the future completes on the polling thread.
     *
     * @param accountId the account, this client's.
     * @param assetId   the asset, 0 or more.
     * @param amount    scaled units, positive.
     * @return the outcome, when it comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<Outcome<BalanceUpdate>> withdrawAsync(
        final long accountId, final int assetId, final long amount)
    {
        checkTransfer(accountId, assetId, amount);
        return sendCommand(commands.withdraw(command, 0, accountId, assetId, amount),
            TransferResultDecoder.TEMPLATE_ID, "withdrawal from account " + accountId);
    }

    /**
     * See {@link #addInstrument}; the future completes on the polling thread.
     *
     * @param instrumentId the new instrument's id.
     * @param baseAsset    the asset traded.
     * @param quoteAsset   the asset prices are in; not the base.
     * @param priceTick    prices are multiples of this, positive.
     * @param lotSize      quantities are multiples of this, positive.
     * @return the outcome, when it comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<Outcome<InstrumentAdded>> addInstrumentAsync(
        final int instrumentId, final int baseAsset, final int quoteAsset, final long priceTick, final long lotSize)
    {
        CallArguments.instrument(baseAsset, quoteAsset, priceTick, lotSize);
        return sendCommand(commands.addInstrument(command, 0, instrumentId, baseAsset, quoteAsset, priceTick,
            lotSize), AddInstrumentResultDecoder.TEMPLATE_ID, "addInstrument " + instrumentId);
    }

    /**
     * See {@link #placeOrder}; the future completes on the polling thread.
     *
     * @param accountId     the account, this client's.
     * @param instrumentId  the market.
     * @param side          BUY or SELL.
     * @param price         limit price, positive.
     * @param quantity      base units, positive.
     * @param timeInForce   GTC or IOC.
     * @param clientOrderId the client's own id for the order.
     * @return the outcome, when it comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<Outcome<OrderPlaced>> placeOrderAsync(
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final TimeInForce timeInForce,
        final long clientOrderId)
    {
        checkOrder(accountId, side, price, quantity, timeInForce);
        return sendCommand(encodePlaceOrder(accountId, instrumentId, side, price, quantity, timeInForce,
            clientOrderId), PlaceOrderResultDecoder.TEMPLATE_ID, "placeOrder " + clientOrderId + " of account " +
            accountId);
    }

    /**
     * See {@link #cancel}; the future completes on the polling thread.
     *
     * @param accountId the order's account, this client's.
     * @param orderId   the order.
     * @return the outcome, when it comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<Outcome<OrderCancelled>> cancelAsync(final long accountId, final long orderId)
    {
        checkOrderId(accountId, orderId);
        return sendCommand(commands.cancelOrder(command, 0, accountId, orderId), CancelOrderResultDecoder.TEMPLATE_ID,
            "cancel of order " + orderId);
    }

    /**
     * See {@link #amend}; the future completes on the polling thread.
     *
     * @param accountId   the order's account, this client's.
     * @param orderId     the order.
     * @param newPrice    the new limit price, positive.
     * @param newQuantity the new open quantity, positive.
     * @return the outcome, when it comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<Outcome<OrderAmended>> amendAsync(
        final long accountId, final long orderId, final long newPrice, final long newQuantity)
    {
        checkAmend(accountId, orderId, newPrice, newQuantity);
        return sendCommand(commands.amendOrder(command, 0, accountId, orderId, newPrice, newQuantity),
            AmendOrderResultDecoder.TEMPLATE_ID, "amend of order " + orderId);
    }

    /**
     * See {@link #balances}; the future completes on the polling thread.
     *
     * @param accountId an account.
     * @return its balances, when the answer comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<List<Balance>> balancesAsync(final long accountId)
    {
        CallArguments.positive("accountId", accountId);
        return sendQuery(queries.balances(query, 0, accountId, ExchangeQueryRequests.ALL_ASSETS),
            new PendingCalls.QueryReader<>()
            {
                @Override
                public List<Balance> read(
                    final QueryAnswers answers, final DirectBuffer buffer, final int offset, final int length)
                {
                    return answers.balances(buffer, offset, length);
                }

                @Override
                public List<Balance> notFound()
                {
                    return List.of();
                }
            }, "the balances of account " + accountId);
    }

    /**
     * See {@link #balance}; the future completes on the polling thread.
     *
     * @param accountId an account.
     * @param assetId   an asset.
     * @return its balance, when the answer comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<Optional<Balance>> balanceAsync(final long accountId, final int assetId)
    {
        CallArguments.positive("accountId", accountId);
        CallArguments.asset("assetId", assetId);
        return sendQuery(queries.balances(query, 0, accountId, assetId), new PendingCalls.QueryReader<>()
        {
            @Override
            public Optional<Balance> read(
                final QueryAnswers answers, final DirectBuffer buffer, final int offset, final int length)
            {
                return answers.balances(buffer, offset, length).stream().findFirst();
            }

            @Override
            public Optional<Balance> notFound()
            {
                return Optional.empty();
            }
        }, "the balance of asset " + assetId + " of account " + accountId);
    }

    /**
     * See {@link #order}; the future completes on the polling thread.
     *
     * @param orderId an order.
     * @return the order, when the answer comes.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public CompletableFuture<Optional<OrderState>> orderAsync(final long orderId)
    {
        CallArguments.positive("orderId", orderId);
        return sendQuery(queries.order(query, 0, orderId), new PendingCalls.QueryReader<>()
        {
            @Override
            public Optional<OrderState> read(
                final QueryAnswers answers, final DirectBuffer buffer, final int offset, final int length)
            {
                return Optional.of(answers.order(buffer, offset, length));
            }

            @Override
            public Optional<OrderState> notFound()
            {
                return Optional.empty();
            }
        }, "order " + orderId);
    }

    /**
     * See {@link #topOfBook}; the future completes on the polling thread.
     *
     * @param instrumentId an instrument.
     * @return its top of book, when the answer comes.
     */
    public CompletableFuture<Optional<TopOfBook>> topOfBookAsync(final int instrumentId)
    {
        return sendQuery(queries.topOfBook(query, 0, instrumentId), new PendingCalls.QueryReader<>()
        {
            @Override
            public Optional<TopOfBook> read(
                final QueryAnswers answers, final DirectBuffer buffer, final int offset, final int length)
            {
                return Optional.of(answers.topOfBook(buffer, offset, length));
            }

            @Override
            public Optional<TopOfBook> notFound()
            {
                return Optional.empty();
            }
        }, "the top of book of instrument " + instrumentId);
    }

    // ---------------------------------------------------------------------------------- zero-allocation offers

    /**
     * Sends {@code openAccount} without waiting or allocating; the outcome goes to the {@link ExchangeListener}.
     *
     * @param correlationId the command's id ({@link #nextCorrelationId()}), echoed to the listener.
     * @param accountId     the new account's id, positive.
     * @return {@link SequentClient#offer}'s result: positive when sent; {@link SequentClient#BACK_PRESSURED} or
     *         {@link SequentClient#NOT_CONNECTED}: poll, then offer again; {@link SequentClient#CLOSED}.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public long offerOpenAccount(final long correlationId, final long accountId)
    {
        CallArguments.positive("accountId", accountId);
        return client.offer(correlationId, command, 0, commands.openAccount(command, 0, accountId));
    }

    /**
     * Sends {@code deposit} without waiting or allocating; the outcome goes to the {@link ExchangeListener}.
     *
     * @param correlationId the command's id, echoed to the listener.
     * @param accountId     the account, this client's.
     * @param assetId       the asset, 0 or more.
     * @param amount        scaled units, positive.
     * @return {@link SequentClient#offer}'s result; see {@link #offerOpenAccount}.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public long offerDeposit(final long correlationId, final long accountId, final int assetId, final long amount)
    {
        checkTransfer(accountId, assetId, amount);
        return client.offer(correlationId, command, 0, commands.deposit(command, 0, accountId, assetId, amount));
    }

    /**
     * Sends {@code withdraw} without waiting or allocating; the outcome goes to the {@link ExchangeListener}.
     *
     * @param correlationId the command's id, echoed to the listener.
     * @param accountId     the account, this client's.
     * @param assetId       the asset, 0 or more.
     * @param amount        scaled units, positive.
     * @return {@link SequentClient#offer}'s result; see {@link #offerOpenAccount}.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public long offerWithdraw(final long correlationId, final long accountId, final int assetId, final long amount)
    {
        checkTransfer(accountId, assetId, amount);
        return client.offer(correlationId, command, 0, commands.withdraw(command, 0, accountId, assetId, amount));
    }

    /**
     * Sends {@code addInstrument} without waiting or allocating; the outcome goes to the {@link ExchangeListener}.
     *
     * @param correlationId the command's id, echoed to the listener.
     * @param instrumentId  the new instrument's id.
     * @param baseAsset     the asset traded.
     * @param quoteAsset    the asset prices are in; not the base.
     * @param priceTick     prices are multiples of this, positive.
     * @param lotSize       quantities are multiples of this, positive.
     * @return {@link SequentClient#offer}'s result; see {@link #offerOpenAccount}.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public long offerAddInstrument(
        final long correlationId,
        final int instrumentId,
        final int baseAsset,
        final int quoteAsset,
        final long priceTick,
        final long lotSize)
    {
        CallArguments.instrument(baseAsset, quoteAsset, priceTick, lotSize);
        return client.offer(correlationId, command, 0,
            commands.addInstrument(command, 0, instrumentId, baseAsset, quoteAsset, priceTick, lotSize));
    }

    /**
     * Sends {@code placeOrder} without waiting or allocating; the outcome goes to the {@link ExchangeListener}.
     *
     * @param correlationId the command's id, echoed to the listener.
     * @param accountId     the account, this client's.
     * @param instrumentId  the market.
     * @param side          BUY or SELL.
     * @param price         limit price, positive.
     * @param quantity      base units, positive.
     * @param timeInForce   GTC or IOC.
     * @param clientOrderId the client's own id for the order.
     * @return {@link SequentClient#offer}'s result; see {@link #offerOpenAccount}.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public long offerPlaceOrder(
        final long correlationId,
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final TimeInForce timeInForce,
        final long clientOrderId)
    {
        checkOrder(accountId, side, price, quantity, timeInForce);
        return client.offer(correlationId, command, 0,
            encodePlaceOrder(accountId, instrumentId, side, price, quantity, timeInForce, clientOrderId));
    }

    /**
     * Sends {@code cancel} without waiting or allocating; the outcome goes to the {@link ExchangeListener}.
     *
     * @param correlationId the command's id, echoed to the listener.
     * @param accountId     the order's account, this client's.
     * @param orderId       the order.
     * @return {@link SequentClient#offer}'s result; see {@link #offerOpenAccount}.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public long offerCancel(final long correlationId, final long accountId, final long orderId)
    {
        checkOrderId(accountId, orderId);
        return client.offer(correlationId, command, 0, commands.cancelOrder(command, 0, accountId, orderId));
    }

    /**
     * Sends {@code amend} without waiting or allocating; the outcome goes to the {@link ExchangeListener}.
     *
     * @param correlationId the command's id, echoed to the listener.
     * @param accountId     the order's account, this client's.
     * @param orderId       the order.
     * @param newPrice      the new limit price, positive.
     * @param newQuantity   the new open quantity, positive.
     * @return {@link SequentClient#offer}'s result; see {@link #offerOpenAccount}.
     * @throws IllegalArgumentException for a bad argument; nothing is sent.
     */
    public long offerAmend(
        final long correlationId, final long accountId, final long orderId, final long newPrice,
        final long newQuantity)
    {
        checkAmend(accountId, orderId, newPrice, newQuantity);
        return client.offer(correlationId, command, 0,
            commands.amendOrder(command, 0, accountId, orderId, newPrice, newQuantity));
    }

    /**
     * Fails every call still awaiting its answer, then closes the session and its Aeron resources.
     */
    @Override
    public void close()
    {
        try
        {
            pending.failAll("the exchange client was closed before the answer came");
        }
        finally
        {
            client.close();
        }
    }

    // ------------------------------------------------------------------------------------------------- internals

    private static void checkTransfer(final long accountId, final int assetId, final long amount)
    {
        CallArguments.positive("accountId", accountId);
        CallArguments.asset("assetId", assetId);
        CallArguments.positive("amount", amount);
    }

    private static void checkOrder(
        final long accountId, final Side side, final long price, final long quantity, final TimeInForce timeInForce)
    {
        CallArguments.positive("accountId", accountId);
        CallArguments.order(side, price, quantity, timeInForce);
    }

    private static void checkOrderId(final long accountId, final long orderId)
    {
        CallArguments.positive("accountId", accountId);
        CallArguments.positive("orderId", orderId);
    }

    private static void checkAmend(final long accountId, final long orderId, final long newPrice,
        final long newQuantity)
    {
        checkOrderId(accountId, orderId);
        CallArguments.positive("newPrice", newPrice);
        CallArguments.positive("newQuantity", newQuantity);
    }

    private int encodePlaceOrder(
        final long accountId,
        final int instrumentId,
        final Side side,
        final long price,
        final long quantity,
        final TimeInForce timeInForce,
        final long clientOrderId)
    {
        return commands.placeOrder(command, 0, accountId, clientOrderId, instrumentId,
            side == Side.BUY ? io.sequent.codecs.exchange.Side.BUY : io.sequent.codecs.exchange.Side.SELL,
            timeInForce == TimeInForce.GTC ? io.sequent.codecs.exchange.TimeInForce.GTC :
                io.sequent.codecs.exchange.TimeInForce.IOC,
            price, quantity);
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<Outcome<T>> sendCommand(final int length, final int resultTemplate,
        final String what)
    {
        requireNotInListener();
        final long correlationId = client.nextCorrelationId();
        final long deadline = System.nanoTime() + timeout.toNanos();
        final CompletableFuture<Outcome<Object>> future = new CompletableFuture<>();
        pending.addCommand(correlationId, new PendingCalls.Command(future, resultTemplate, deadline, what));
        try
        {
            offerUntilSent(correlationId, length, deadline, what);
        }
        catch (final RuntimeException ex)
        {
            pending.takeCommand(correlationId);
            future.completeExceptionally(ex);
        }
        return (CompletableFuture<Outcome<T>>)(CompletableFuture<?>)future;
    }

    private void offerUntilSent(final long correlationId, final int length, final long deadline, final String what)
    {
        idle.reset();
        long result;
        while ((result = client.offer(correlationId, command, 0, length)) < 0)
        {
            if (result == SequentClient.CLOSED)
            {
                throw new SequentClientException("the client is closed: " + client.lastProblem());
            }
            if (result == SequentClient.TOO_LARGE)
            {
                throw new IllegalStateException("a command of " + length + " bytes is larger than the client's " +
                    "ClientContext.maxCommandLength");
            }
            if (System.nanoTime() > deadline)
            {
                throw new SequentClientException(what + " could not be sent within " + timeout + " (" +
                    (result == SequentClient.NOT_CONNECTED ? "not connected" : "back-pressured") + ")");
            }
            idle.idle(poll());
        }
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> sendQuery(
        final int length, final PendingCalls.QueryReader<T> reader, final String what)
    {
        requireNotInListener();
        final long correlationId = client.nextCorrelationId();
        final long deadline = System.nanoTime() + timeout.toNanos();
        final UnsafeBuffer request = new UnsafeBuffer(new byte[length]);
        request.putBytes(0, query, 0, length);
        final CompletableFuture<Object> future = new CompletableFuture<>();
        final PendingCalls.Query pendingQuery = new PendingCalls.Query(future,
            (PendingCalls.QueryReader<Object>)reader, request, router.lastSequence(), deadline, what);
        pending.addQuery(correlationId, pendingQuery);
        try
        {
            idle.reset();
            long result;
            while ((result = offerQuery(correlationId, pendingQuery)) <= 0)
            {
                if (result == SequentClient.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    throw new SequentClientException("the client is closed: " + client.lastProblem());
                }
                if (System.nanoTime() > deadline)
                {
                    throw new SequentClientException(what + " could not be asked within " + timeout);
                }
                idle.idle(poll());
            }
        }
        catch (final RuntimeException ex)
        {
            pending.takeQuery(correlationId);
            future.completeExceptionally(ex);
        }
        return (CompletableFuture<T>)future;
    }

    /**
     * @return {@link SequentClient#offerQuery}'s result: positive when sent.
     */
    private long offerQuery(final long correlationId, final PendingCalls.Query pendingQuery)
    {
        return client.offerQuery(correlationId, pendingQuery.minSequence, pendingQuery.request, 0,
            pendingQuery.request.capacity());
    }

    private <T> T await(final CompletableFuture<T> future)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        idle.reset();
        while (!future.isDone())
        {
            if (System.nanoTime() > deadline)
            {
                // The future's own deadline is the same: it is failed by a later poll.
                throw new SequentClientException("no answer within " + timeout);
            }
            idle.idle(poll());
        }
        try
        {
            return future.join();
        }
        catch (final CompletionException ex)
        {
            if (ex.getCause() instanceof RuntimeException cause)
            {
                throw cause;
            }
            throw ex;
        }
    }

    private void requireNotInListener()
    {
        if (inPoll)
        {
            throw new IllegalStateException("a blocking or async call from inside an ExchangeListener callback " +
                "(Aeron's poll): use the offer methods there");
        }
    }
}
