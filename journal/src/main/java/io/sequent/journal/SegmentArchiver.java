package io.sequent.journal;

import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;
import net.jpountz.lz4.LZ4FrameOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Compresses a sealed segment with LZ4 (frame format) into the archive folder: verified first, written under a
 * temporary name, forced, renamed, and only then is the original deleted, so a reader always finds one of the two.
 * Only the bytes up to the end of the last frame are kept. All of it goes through the storage seam. An encrypted
 * segment is archived as its header and decrypted frames, compressed, then sealed whole ({@link SealedArchive}) with
 * the segment's key id: the archive is no less encrypted than the segment.
 */
public final class SegmentArchiver
{
    private final CRC32C crc = new CRC32C();
    private final SegmentStorage storage;
    private final JournalKeyring keyring;

    /**
     * An archiver on the real file system.
     */
    public SegmentArchiver()
    {
        this(FileSegmentStorage.INSTANCE);
    }

    /**
     * @param storage the file system segments are read, written, renamed and deleted through.
     */
    public SegmentArchiver(final SegmentStorage storage)
    {
        this(storage, null);
    }

    /**
     * @param storage the file system segments are read, written, renamed and deleted through.
     * @param keyring the keys of encrypted segments, or null for those the settings name.
     */
    public SegmentArchiver(final SegmentStorage storage, final JournalKeyring keyring)
    {
        this.storage = storage;
        this.keyring = keyring;
    }

    /**
     * @param entry a sealed, not yet archived segment.
     * @return the archived file.
     * @throws JournalCorruptedException when the segment is damaged: a damaged segment is never archived.
     */
    public Path archive(final SegmentFiles.Entry entry)
    {
        final Path target = entry.archivePath();
        final Path temp = target.resolveSibling(target.getFileName() + SegmentFiles.TEMP_SUFFIX);
        try
        {
            storage.createDirectories(target.getParent());
            final byte[] compressed = compress(entry);
            try (StorageFile out = storage.open(temp, SegmentStorage.Access.CREATE))
            {
                out.truncate(0);
                out.writeFully(ByteBuffer.wrap(compressed), 0);
                out.force(true);
            }
            storage.move(temp, target);
            storage.forceDirectory(target.getParent());
            storage.deleteIfExists(entry.path());
            storage.forceDirectory(entry.path().getParent());
            return target;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot archive journal segment " + entry.path() + " to " + target + ": " +
                ex.getMessage(), ex);
        }
    }

    private byte[] compress(final SegmentFiles.Entry entry) throws IOException
    {
        final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (SegmentView segment = SegmentView.open(entry, storage, keyring))
        {
            final JournalScan scan = segment.scan(crc);
            if (scan.tornBytes() > 0)
            {
                throw new JournalCorruptedException(entry.path(), scan.endPosition(),
                    "damage after the last frame of a sealed segment: not archived");
            }
            final boolean encrypted = segment.segment.encrypted();
            final byte[] bytes = new byte[encrypted ? segment.plainEnd(crc) : (int)scan.endPosition()];
            segment.buffer.getBytes(0, bytes);
            try (OutputStream out = new LZ4FrameOutputStream(compressed))
            {
                out.write(bytes);
            }
            if (encrypted)
            {
                final JournalKeyring keys = keyring != null ? keyring : JournalKeyring.fromSettings();
                return SealedArchive.seal(compressed.toByteArray(), keys, segment.segment.keyId(), entry.path());
            }
        }
        return compressed.toByteArray();
    }
}
