package io.sequent.http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * How an HTTP command is signed: HMAC-SHA256, with the client's secret (the one in the server's credentials file,
 * as Aeron clients use), over {@code METHOD \n PATH?QUERY \n TIMESTAMP \n BODY}; sent in the headers
 * {@value #CLIENT_HEADER}, {@value #TIMESTAMP_HEADER} (epoch milliseconds) and {@value #SIGNATURE_HEADER} (lower-case
 * hex). The secret itself never travels. The server refuses a timestamp too far from its clock and a signature it
 * has seen within that window, so a captured request cannot be replayed; a client re-sending a command signs it
 * anew, and the (client id, correlation id) pair makes the re-send idempotent.
 */
public final class RequestSignature
{
    /** The client id header. */
    public static final String CLIENT_HEADER = "X-Sequent-Client";
    /** The timestamp header, epoch milliseconds. */
    public static final String TIMESTAMP_HEADER = "X-Sequent-Timestamp";
    /** The signature header. */
    public static final String SIGNATURE_HEADER = "X-Sequent-Signature";

    private RequestSignature()
    {
    }

    /**
     * @param secret      the client's secret.
     * @param method      such as {@code POST}.
     * @param pathAndQuery the request's path with its query string, such as {@code /commands/Deposit?correlationId=7}.
     * @param timestampMs epoch milliseconds, as sent in {@value #TIMESTAMP_HEADER}.
     * @param body        the request body as sent (UTF-8).
     * @return the signature, lower-case hex.
     */
    public static String sign(
        final byte[] secret, final String method, final String pathAndQuery, final long timestampMs, final String body)
    {
        return HexFormat.of().formatHex(mac(secret, canonical(method, pathAndQuery, timestampMs, body)));
    }

    /**
     * @return the text that is signed.
     */
    public static String canonical(
        final String method, final String pathAndQuery, final long timestampMs, final String body)
    {
        return method + "\n" + pathAndQuery + "\n" + timestampMs + "\n" + body;
    }

    /**
     * @return whether a signature is the one the secret gives, compared in constant time.
     */
    static boolean verify(final byte[] secret, final String canonical, final String signatureHex)
    {
        final byte[] given;
        try
        {
            given = HexFormat.of().parseHex(signatureHex);
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, canonical), given);
    }

    private static byte[] mac(final byte[] secret, final String text)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
        }
    }
}
