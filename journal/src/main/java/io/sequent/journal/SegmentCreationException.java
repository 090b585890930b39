package io.sequent.journal;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A roll could not make the next segment, most often because the device is full. Nothing of the frame that needed
 * the roll was written and the writer stays on its segment, so the append can be tried again once there is room:
 * unlike a failed force, this does not stop the writer. {@link JournalWriter#isStorageFull()} says so meanwhile.
 */
public final class SegmentCreationException extends UncheckedIOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message which journal, at which sequence, and why.
     * @param cause   the file system's error.
     */
    public SegmentCreationException(final String message, final IOException cause)
    {
        super(message, cause);
    }
}
