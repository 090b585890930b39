package io.sequent.journal;

import io.sequent.journal.crypto.AeadCipher;
import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * One segment opened for reading through the storage seam: mapped when it is a plain file, read and decompressed
 * into memory when archived. An encrypted segment (format 3) is decrypted whole at open, every block's tag checked,
 * into a plain view laid out as a format 2 segment (its header, then its frames from {@link #start()}), so readers
 * walk frames the same way whatever the format; its blocks' own scan ({@link #scan}) gives the file's positions and
 * torn tail. A sealed archive is opened with the keyring before it is decompressed.
 */
final class SegmentView implements AutoCloseable
{
    final UnsafeBuffer buffer;
    final ByteBuffer view;
    final JournalSegment segment;
    private final StorageFile file;
    private final BlockScan blocks;
    private final ByteBuffer owned;

    private SegmentView(
        final UnsafeBuffer buffer,
        final ByteBuffer view,
        final JournalSegment segment,
        final StorageFile file,
        final BlockScan blocks,
        final ByteBuffer owned)
    {
        this.buffer = buffer;
        this.view = view;
        this.segment = segment;
        this.file = file;
        this.blocks = blocks;
        this.owned = owned;
    }

    /**
     * Opens a plain segment from the real file system.
     */
    static SegmentView open(final SegmentFiles.Entry entry)
    {
        return open(entry, FileSegmentStorage.INSTANCE, null);
    }

    /**
     * Opens a segment; one listed in the directory that has since been archived is read from the archive.
     *
     * @param entry   the segment.
     * @param storage the file system.
     * @param keyring the keys of encrypted segments, or null when none is given.
     */
    static SegmentView open(final SegmentFiles.Entry entry, final SegmentStorage storage, final JournalKeyring keyring)
    {
        try
        {
            if (entry.archived())
            {
                return openArchived(storage, entry.path(), keyring);
            }
            try
            {
                return openMapped(storage, entry.path(), keyring);
            }
            catch (final NoSuchFileException ex)
            {
                return openArchived(storage, entry.archivePath(), keyring);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read journal segment " + entry.path() + ": " + ex.getMessage(), ex);
        }
    }

    private static SegmentView openMapped(final SegmentStorage storage, final Path path, final JournalKeyring keyring)
        throws IOException
    {
        final StorageFile file = storage.open(path, SegmentStorage.Access.READ);
        ByteBuffer plain = null;
        try
        {
            final long size = file.size();
            if (size < JournalFrame.DOCUMENTS_OFFSET || size >= Integer.MAX_VALUE)
            {
                throw new JournalCorruptedException(path, 0, "file length " + size + " is not that of a journal");
            }
            final ByteBuffer mapped = file.map(size);
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            final JournalSegment segment = SegmentHeader.read(path, buffer, false);
            if (!segment.encrypted())
            {
                return new SegmentView(buffer, mapped.duplicate(), segment, file, null, null);
            }
            final AeadCipher cipher = SegmentHeader.cipher(segment, buffer, keyring);
            plain = ByteBuffer.allocateDirect((int)size);
            final UnsafeBuffer plainBuffer = new UnsafeBuffer(plain);
            plainBuffer.putBytes(0, buffer, 0, segment.headerLength());
            final BlockScan blocks = BlockScan.of(path, buffer, mapped.duplicate(), new CRC32C(),
                segment.headerLength(), segment.firstSequence(), cipher, null, plainBuffer);
            return new SegmentView(plainBuffer, plain.duplicate(), segment, file, blocks, plain);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (plain != null)
            {
                BufferUtil.free(plain);
            }
            try
            {
                file.close();
            }
            catch (final IOException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
    }

    private static SegmentView openArchived(final SegmentStorage storage, final Path path, final JournalKeyring keyring)
        throws IOException
    {
        byte[] compressed;
        try (StorageFile file = storage.open(path, SegmentStorage.Access.READ))
        {
            final long size = file.size();
            if (size >= Integer.MAX_VALUE)
            {
                throw new JournalCorruptedException(path, 0, "file length " + size + " is not that of an archive");
            }
            compressed = new byte[(int)size];
            file.readFully(ByteBuffer.wrap(compressed), 0);
        }
        if (SealedArchive.isSealed(compressed))
        {
            compressed = SealedArchive.open(compressed, keyring, path);
        }
        final byte[] bytes;
        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(compressed)))
        {
            bytes = in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new JournalCorruptedException(path, 0, "the archived segment does not decompress (" +
                ex.getMessage() + ")");
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        return new SegmentView(buffer, ByteBuffer.wrap(bytes), SegmentHeader.read(path, buffer, true), null, null,
            null);
    }

    /**
     * @return where frames start.
     */
    int start()
    {
        return segment.headerLength();
    }

    /**
     * Scans the segment's frames: for a mapped encrypted segment, what the blocks' scan at open found (the file's
     * positions, its torn tail); else the frames of the view.
     *
     * @param crc reusable checksum.
     * @return the scan.
     * @throws JournalCorruptedException when damage has intact frames after it.
     */
    JournalScan scan(final CRC32C crc)
    {
        return blocks != null ? blocks.result() :
            JournalScan.of(segment.file(), buffer, view, crc, start(), segment.firstSequence());
    }

    /**
     * @return bytes of torn tail after the last valid block of a mapped encrypted segment, else 0 (a plain view
     *         shows its own damage to whoever walks its frames).
     */
    long blockTornBytes()
    {
        return blocks == null ? 0 : blocks.result().tornBytes();
    }

    /**
     * @param crc reusable checksum.
     * @return where the view's frames end: the bytes an archive of the segment keeps.
     */
    int plainEnd(final CRC32C crc)
    {
        return blocks != null ? blocks.plainEnd() :
            (int)JournalScan.of(segment.file(), buffer, view, crc, start(), segment.firstSequence()).endPosition();
    }

    @Override
    public void close()
    {
        if (owned != null)
        {
            BufferUtil.free(owned);
        }
        if (file != null)
        {
            try
            {
                file.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close journal segment " + segment.file() + ": " +
                    ex.getMessage(), ex);
            }
        }
    }
}
