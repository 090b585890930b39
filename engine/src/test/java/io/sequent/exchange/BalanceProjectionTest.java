package io.sequent.exchange;

import io.sequent.codecs.exchange.AccountOpenedEncoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.WithdrawnEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BalanceProjectionTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private int deposited(final long account, final int asset, final long amount)
    {
        new DepositedEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(account).assetId(asset).amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + DepositedEncoder.BLOCK_LENGTH;
    }

    private int withdrawn(final long account, final int asset, final long amount)
    {
        new WithdrawnEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(account).assetId(asset).amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + WithdrawnEncoder.BLOCK_LENGTH;
    }

    @Test
    void balancesPersistAreVisibleToReadersAndReplayedEventsAreNotCountedTwice()
    {
        final Path file = dir.resolve("balances.cm");
        try (BalanceProjection projection = BalanceProjection.create(file, 1_000))
        {
            assertEquals(0, projection.lastAppliedSequence());
            new AccountOpenedEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(1);
            projection.onEvent(1, 0, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + AccountOpenedEncoder.BLOCK_LENGTH);
            projection.onEvent(2, 0, buffer, 0, deposited(1, 3, 100));
            projection.onEvent(3, 0, buffer, 0, withdrawn(1, 3, 40));
            projection.onBatchEnd();
            assertEquals(3, projection.lastAppliedSequence());
            assertEquals(60, projection.available(1, 3));

            try (BalanceProjection reader = BalanceProjection.open(file))
            {
                assertEquals(60, reader.available(1, 3));
                projection.onEvent(4, 0, buffer, 0, deposited(1, 3, 5));
                projection.onBatchEnd();
                assertEquals(65, reader.available(1, 3), "a reader sees the writer's updates");
                final long[] seen = new long[2];
                reader.forEach((account, asset, available, reserved) ->
                {
                    seen[0]++;
                    seen[1] += available;
                });
                assertEquals(1, seen[0], "the checkpoint entry is not a balance");
                assertEquals(65, seen[1]);
            }
        }

        try (BalanceProjection projection = BalanceProjection.create(file, 1_000))
        {
            assertEquals(4, projection.lastAppliedSequence());
            // A crash after the entry was written and before the checkpoint: the event comes again.
            projection.onEvent(4, 0, buffer, 0, deposited(1, 3, 5));
            assertEquals(65, projection.available(1, 3));
            projection.onEvent(5, 0, buffer, 0, deposited(1, 3, 5));
            assertEquals(70, projection.available(1, 3));
        }
    }
}
