/**
 * The storage seam under the journal: {@link io.sequent.journal.storage.SegmentStorage} (open, rename, delete,
 * directory sync) and {@link io.sequent.journal.storage.StorageFile} (read, write, truncate, map, force, close), with
 * {@link io.sequent.journal.storage.FileSegmentStorage} over {@code FileChannel} and {@code MappedByteBuffer} as the
 * default.
 * <p>
 * Who uses it: the writer ({@code JournalWriter.Context#storage}) for the segments it creates, preallocates, maps,
 * forces, repairs and closes; its segment preparer for spares; {@code JournalSync} for the interval force; readers
 * ({@code JournalReader.open(dir, storage)}) for every segment they map or, archived, read and decompress; the
 * archiver and retention for what they write, rename and delete.
 * <p>
 * What a decorator can do through it, and what the journal then does:
 * <ul>
 *     <li>fail a write or return a short one: preallocation and archive writes loop over short writes
 *     ({@link io.sequent.journal.storage.StorageFile#writeFully}); a failed write fails the roll
 *     ({@code SegmentCreationException}), which leaves the writer on its current segment, so a retry once there is
 *     room goes on where it stopped; a spare that cannot be made is deleted and the writer reports itself full
 *     ({@code JournalWriter#isStorageFull}) until the preparer, which tries again by itself, makes one;</li>
 *     <li>fail a force ({@code forceMapped}, {@code force}, {@code forceDirectory}): the writer throws, naming the
 *     segment and the last sequence written, and from then on refuses every append and flush (after a failed fsync
 *     the page cache may have dropped the writes, so a later "successful" fsync proves nothing); nothing is
 *     acknowledged that was not forced;</li>
 *     <li>return a damaged copy from {@code map} or {@code read} of a segment opened for reading: the readers' CRC
 *     checks report it as a torn tail or as corruption, never deliver it.</li>
 * </ul>
 * {@link io.sequent.journal.storage.QuotaStorage} is such a decorator: a device of a few bytes for tests, full past
 * a byte budget. The engine's snapshots go through the same seam.
 * <p>
 * What does not pass through it, on purpose: the frames themselves, written straight into the mapped segment (a call
 * per frame would cost the hot path; forces, the only way a mapped write reaches the device, are in the seam), and
 * directory listings, which read only names.
 */
package io.sequent.journal.storage;
