package io.sequent.codecs;

/**
 * Reject reasons that the engine and gateway give on their own, codes 1-99. Codes 100 and up belong to the
 * domain. 0 means accepted.
 */
public final class RejectReason
{
    /** No rejection. */
    public static final int NONE = 0;
    /** Shorter than an SBE header, or shorter than the block length its header announces. */
    public static final int MALFORMED_COMMAND = 1;
    /** A template id the domain does not know. */
    public static final int UNKNOWN_COMMAND = 2;
    /** A schema id other than the domain's command schema. */
    public static final int WRONG_SCHEMA = 3;
    /** A schema version newer than the engine understands. */
    public static final int UNSUPPORTED_VERSION = 4;
    /** Larger than a command slot of the command ring. */
    public static final int MESSAGE_TOO_LARGE = 5;
    /** The command's events would not fit in one event slot. */
    public static final int EVENT_CAPACITY_EXCEEDED = 6;
    /** The domain threw while handling the command; nothing was applied. */
    public static final int DOMAIN_ERROR = 7;
    /** The command named a session that is not open. */
    public static final int UNKNOWN_SESSION = 8;
    /**
     * The journal's device is full: the engine takes no command until there is room again (it resumes by itself).
     * Nothing of the command was applied or journaled, and it is not remembered: send it again later.
     */
    public static final int STORAGE_FULL = 9;

    // The gateway's own reasons for frames of its session protocol, 40-59 (answered when the sender has a session).
    /** A frame shorter than its SBE header, or than the block length that header announces. */
    public static final int MALFORMED_FRAME = 40;
    /** A frame whose template id the session protocol does not have. */
    public static final int UNKNOWN_TEMPLATE = 41;
    /** A frame whose schema id is not the session protocol's. */
    public static final int WRONG_PROTOCOL_SCHEMA = 42;
    /** A frame of a session protocol version the server does not speak. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = 43;
    /** A control frame (not a command) larger than any the protocol has. */
    public static final int FRAME_TOO_LARGE = 44;
    /** A command on a session that has not completed authentication. */
    public static final int UNAUTHENTICATED = 45;
    /** A command from a client whose roles do not include trading (its credentials line names them). */
    public static final int NOT_PERMITTED = 50;

    private RejectReason()
    {
    }

    /**
     * @param reason code.
     * @return a name for an engine or gateway code, or {@code "DOMAIN_<code>"} for a domain's own.
     */
    public static String name(final int reason)
    {
        return switch (reason)
        {
            case NONE -> "NONE";
            case MALFORMED_COMMAND -> "MALFORMED_COMMAND";
            case UNKNOWN_COMMAND -> "UNKNOWN_COMMAND";
            case WRONG_SCHEMA -> "WRONG_SCHEMA";
            case UNSUPPORTED_VERSION -> "UNSUPPORTED_VERSION";
            case MESSAGE_TOO_LARGE -> "MESSAGE_TOO_LARGE";
            case EVENT_CAPACITY_EXCEEDED -> "EVENT_CAPACITY_EXCEEDED";
            case DOMAIN_ERROR -> "DOMAIN_ERROR";
            case UNKNOWN_SESSION -> "UNKNOWN_SESSION";
            case STORAGE_FULL -> "STORAGE_FULL";
            case MALFORMED_FRAME -> "MALFORMED_FRAME";
            case UNKNOWN_TEMPLATE -> "UNKNOWN_TEMPLATE";
            case WRONG_PROTOCOL_SCHEMA -> "WRONG_PROTOCOL_SCHEMA";
            case UNSUPPORTED_PROTOCOL_VERSION -> "UNSUPPORTED_PROTOCOL_VERSION";
            case FRAME_TOO_LARGE -> "FRAME_TOO_LARGE";
            case UNAUTHENTICATED -> "UNAUTHENTICATED";
            case NOT_PERMITTED -> "NOT_PERMITTED";
            default -> "DOMAIN_" + reason;
        };
    }
}
