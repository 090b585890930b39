package io.sequent.journal.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file system under a journal: every open, rename, delete and directory sync of the journal's writer, readers,
 * segment preparer, archiver and retention goes through one of these, and every read, write, map and force through
 * the {@link StorageFile}s it opens. The default, {@link FileSegmentStorage#INSTANCE}, is a thin layer over
 * {@code FileChannel} and {@code MappedByteBuffer}; a test can wrap it in a decorator that fails, shortens or
 * corrupts what passes through (a full disk, a failed fsync, a flipped bit on read) without the journal knowing.
 * <p>
 * What does not pass through it: frames are written straight into the mapped segment (the hot path makes no call
 * per frame); directory listings, which only read names. Implementations must be safe to use from several threads
 * (the writer, its sync thread, its preparer and readers each open files of their own).
 */
public interface SegmentStorage
{
    /**
     * How a file is opened.
     */
    enum Access
    {
        /** Read only; the file must exist. */
        READ,
        /** Read and write; the file must exist. */
        WRITE,
        /** Read and write, created empty when absent, kept as it is when present. */
        CREATE
    }

    /**
     * @param file   the file.
     * @param access how to open it.
     * @return the open file, the caller's to close.
     * @throws java.nio.file.NoSuchFileException when the file is absent and {@code access} is not {@code CREATE}:
     *                                           readers rely on this to fall back to the archived copy.
     * @throws IOException                       when it cannot be opened.
     */
    StorageFile open(Path file, Access access) throws IOException;

    /**
     * Renames a file atomically, replacing the target: a crash leaves one name or the other, never half a file.
     *
     * @param source the file to rename.
     * @param target its new name, in the same directory or file system.
     * @throws IOException when it cannot be renamed.
     */
    void move(Path source, Path target) throws IOException;

    /**
     * @param file the file to delete.
     * @return whether it existed.
     * @throws IOException when it exists and cannot be deleted.
     */
    boolean deleteIfExists(Path file) throws IOException;

    /**
     * @param dir a directory to create with its missing parents; nothing happens when it exists.
     * @throws IOException when it cannot be created.
     */
    void createDirectories(Path dir) throws IOException;

    /**
     * Forces a directory's entries (a rename or a new file in it) to the device. Where the file system cannot sync a
     * directory this returns quietly: the rename is then as durable as that file system makes it.
     *
     * @param dir the directory.
     * @throws IOException when the sync was attempted and failed.
     */
    void forceDirectory(Path dir) throws IOException;

    /**
     * Bytes that new files in a directory can still take, as far as the file system tells: the segment preparer
     * asks before it tries again after a failure, so a full disk is not written to the brim at every retry. Only a
     * hint: a write may still fail with room reported, and nothing refuses to write because of it alone.
     *
     * @param dir an existing directory.
     * @return usable bytes, or {@link Long#MAX_VALUE} when the file system does not say.
     */
    default long usableSpace(final Path dir)
    {
        try
        {
            return Files.getFileStore(dir).getUsableSpace();
        }
        catch (final IOException | SecurityException ex)
        {
            return Long.MAX_VALUE;
        }
    }
}
