package io.sequent.gateway;

import io.sequent.http.RequestSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sequent server} with its HTTP face on (here by {@code sequent.http.port=0}; {@code --http} is the same
 * setting): the READY line names its URL, and the face answers probes and a signed command from a client of the
 * server's credentials file.
 */
class ServerHttpFaceTest
{
    @TempDir
    Path dir;

    @Test
    void theServersHttpFaceAnswersProbesAndSignedCommands() throws Exception
    {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), dir.resolve("server.log"),
            "sequent.http.port=0"))
        {
            final String url = server.field("http");
            assertTrue(url.matches("http://127\\.0\\.0\\.1:\\d+"), url);
            final HttpClient client = HttpClient.newHttpClient();
            final HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(url + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());

            final String path = "/commands/OpenAccount?correlationId=1";
            final String body = "{\"accountId\": 77}";
            final long now = System.currentTimeMillis();
            final HttpResponse<String> opened = client.send(HttpRequest.newBuilder(URI.create(url + path))
                .header(RequestSignature.CLIENT_HEADER, "1")
                .header(RequestSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(RequestSignature.SIGNATURE_HEADER,
                    RequestSignature.sign(TestServers.secret(1), "POST", path, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, opened.statusCode(), opened.body());
            assertTrue(opened.body().contains("\"outcome\":\"ACCEPTED\""), opened.body());
        }
    }
}
