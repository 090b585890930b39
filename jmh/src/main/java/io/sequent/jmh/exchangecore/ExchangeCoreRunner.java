package io.sequent.jmh.exchangecore;

import exchange.core2.core.ExchangeApi;
import exchange.core2.core.ExchangeCore;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.CoreWaitStrategy;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.api.ApiAddUser;
import exchange.core2.core.common.api.ApiAdjustUserBalance;
import exchange.core2.core.common.api.ApiCancelOrder;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.api.ApiMoveOrder;
import exchange.core2.core.common.api.ApiPlaceOrder;
import exchange.core2.core.common.api.ApiReduceOrder;
import exchange.core2.core.common.api.binary.BatchAddSymbolsCommand;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.ExchangeConfiguration;
import exchange.core2.core.common.config.PerformanceConfiguration;
import exchange.core2.core.orderbook.OrderBookDirectImpl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One exchange-core 0.5.3 instance driven with a translated flow ({@link ExchangeCoreFlow}). Loaded only by
 * {@link IsolatedExchangeCore}'s class loader, next to exchange-core's own dependencies (Disruptor 3.4.2, Agrona
 * 1.4.1, Chronicle Wire 2.19), which clash with Sequent's: so it uses JDK types at its edges and nothing of Sequent.
 * <p>
 * Configured as exchange-core's own throughput tests are, cut to this machine: one risk engine and one matching
 * engine, the direct order book, no journaling, plain threads (no affinity), the wait strategy given.
 */
public final class ExchangeCoreRunner implements AutoCloseable
{
    /** Reserve price of every bid: far above any price the flow makes, so that a move up never exceeds it. */
    private static final long BID_RESERVE_PRICE = 10_000_000L;

    private final ApiCommand[] commands;
    private final ExchangeCore core;
    private final ExchangeApi api;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private long submitted;

    /**
     * Starts an exchange and adds the flow's symbols.
     *
     * @param flow             {@link ExchangeCoreFlow#LONGS_PER_COMMAND} longs per command.
     * @param waitStrategy     a {@link CoreWaitStrategy} name.
     * @param ringBufferSize   of exchange-core's ring, a power of two.
     * @param msgsInGroupLimit exchange-core's batch limit, below a quarter of the ring.
     */
    public ExchangeCoreRunner(
        final long[] flow, final String waitStrategy, final int ringBufferSize, final int msgsInGroupLimit)
    {
        final int count = flow.length / ExchangeCoreFlow.LONGS_PER_COMMAND;
        commands = new ApiCommand[count];
        final List<CoreSymbolSpecification> symbols = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final int at = i * ExchangeCoreFlow.LONGS_PER_COMMAND;
            if (flow[at] == ExchangeCoreFlow.SYMBOL)
            {
                symbols.add(CoreSymbolSpecification.builder().symbolId((int)flow[at + 1])
                    .type(SymbolType.CURRENCY_EXCHANGE_PAIR).baseCurrency((int)flow[at + 2])
                    .quoteCurrency((int)flow[at + 3]).baseScaleK(1).quoteScaleK(1).takerFee(0).makerFee(0).build());
            }
            else
            {
                commands[i] = command(flow, at, i);
            }
        }
        final PerformanceConfiguration performance = PerformanceConfiguration.baseBuilder()
            .ringBufferSize(ringBufferSize)
            .matchingEnginesNum(1)
            .riskEnginesNum(1)
            .msgsInGroupLimit(msgsInGroupLimit)
            .threadFactory(Thread::new)
            .waitStrategy(CoreWaitStrategy.valueOf(waitStrategy))
            .orderBookFactory(OrderBookDirectImpl::new)
            .build();
        core = ExchangeCore.builder()
            .resultsConsumer(this::onResult)
            .exchangeConfiguration(ExchangeConfiguration.defaultBuilder().performanceCfg(performance).build())
            .build();
        core.startup();
        api = core.getApi();
        final CommandResultCode added = api.submitBinaryDataAsync(new BatchAddSymbolsCommand(symbols)).join();
        if (added != CommandResultCode.SUCCESS)
        {
            throw new IllegalStateException("exchange-core did not add the symbols: " + added);
        }
    }

    private static ApiCommand command(final long[] flow, final int at, final int index)
    {
        final long uid = flow[at + 1];
        final int symbol = (int)flow[at + 2];
        final long orderId = flow[at + 3];
        return switch ((int)flow[at])
        {
            case ExchangeCoreFlow.USER -> ApiAddUser.builder().uid(uid).build();
            case ExchangeCoreFlow.DEPOSIT -> ApiAdjustUserBalance.builder().uid(uid).currency(symbol)
                .amount(flow[at + 3]).transactionId(index).build();
            case ExchangeCoreFlow.PLACE -> ApiPlaceOrder.builder().uid(uid).symbol(symbol).orderId(orderId)
                .price(flow[at + 4]).size(flow[at + 5]).action(flow[at + 6] == 1 ? OrderAction.BID : OrderAction.ASK)
                .orderType(flow[at + 7] == 1 ? OrderType.IOC : OrderType.GTC)
                .reservePrice(flow[at + 6] == 1 ? BID_RESERVE_PRICE : 0).build();
            case ExchangeCoreFlow.CANCEL -> ApiCancelOrder.builder().uid(uid).symbol(symbol).orderId(orderId).build();
            case ExchangeCoreFlow.MOVE -> ApiMoveOrder.builder().uid(uid).symbol(symbol).orderId(orderId)
                .newPrice(flow[at + 4]).build();
            case ExchangeCoreFlow.REDUCE -> ApiReduceOrder.builder().uid(uid).symbol(symbol).orderId(orderId)
                .reduceSize(flow[at + 4]).build();
            default -> throw new IllegalArgumentException("command " + index + ": unknown kind " + flow[at]);
        };
    }

    private void onResult(final OrderCommand command, final long sequence)
    {
        final OrderCommandType type = command.command;
        if (type == OrderCommandType.PLACE_ORDER || type == OrderCommandType.CANCEL_ORDER ||
            type == OrderCommandType.MOVE_ORDER || type == OrderCommandType.REDUCE_ORDER ||
            type == OrderCommandType.ADD_USER || type == OrderCommandType.BALANCE_ADJUSTMENT)
        {
            if (command.resultCode != CommandResultCode.SUCCESS)
            {
                rejected.incrementAndGet();
            }
            answered.lazySet(answered.get() + 1);
        }
    }

    /**
     * Submits commands {@code from} to {@code to} (exclusive) through {@link ExchangeApi#submitCommand} and waits
     * until exchange-core has answered every command submitted so far.
     *
     * @param from first command.
     * @param to   past the last command.
     * @return nanoseconds from the first submit to the last answer.
     */
    public long run(final int from, final int to)
    {
        final long start = System.nanoTime();
        for (int i = from; i < to; i++)
        {
            final ApiCommand command = commands[i];
            if (command != null)
            {
                api.submitCommand(command);
                submitted++;
            }
        }
        while (answered.get() < submitted)
        {
            // Two cores: give exchange-core's own threads the core while they finish.
            Thread.yield();
        }
        return System.nanoTime() - start;
    }

    /** @return commands exchange-core answered with anything but success. */
    public long rejected()
    {
        return rejected.get();
    }

    /**
     * Stops exchange-core's threads.
     */
    @Override
    public void close()
    {
        core.shutdown();
    }
}
