package io.sequent.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's HTTP examples run: the shell block as it is (bash, curl and openssl, against a server on an OS-chosen
 * port) where those exist, and everywhere the same requests through Java's HTTP client, parsed from the block's
 * {@code curl} and {@code sequent_post} lines.
 */
class HttpReadmeExamplesTest
{
    private static final Pattern CURL = Pattern.compile("^curl -sf \"\\$HTTP(/[^\"]*)\"( \\| grep '\\^([^']*)')?$");
    private static final Pattern POST = Pattern.compile("^(ANSWER=\\$\\()?sequent_post (\\w+) (\\d+) '(.*)'\\)?$");

    @TempDir
    Path dir;

    static List<String> readmeBlock() throws Exception
    {
        final String readme = Files.readString(Path.of("../../README.md"));
        final int section = readme.indexOf("\n## HTTP\n");
        assertTrue(section >= 0, "README has an HTTP section");
        final int start = readme.indexOf("```bash\n", section) + "```bash\n".length();
        final int end = readme.indexOf("\n```", start);
        return List.of(readme.substring(start, end).split("\n"));
    }

    @Test
    void theExamplesRequestsAnswerAsTheReadmeSays() throws Exception
    {
        try (HttpTestServer face = new HttpTestServer(dir.resolve("data")))
        {
            int requests = 0;
            long sequence = 0;
            for (final String line : readmeBlock())
            {
                final Matcher curl = CURL.matcher(line.trim());
                final Matcher post = POST.matcher(line.trim());
                if (curl.matches())
                {
                    final HttpResponse<String> response = face.get(curl.group(1).replace("$SEQ",
                        Long.toString(sequence)));
                    assertEquals(200, response.statusCode(), line + ": " + response.body());
                    if (curl.group(3) != null)
                    {
                        final String prefix = curl.group(3);
                        assertTrue(response.body().lines().anyMatch(l -> l.startsWith(prefix)), line);
                    }
                    requests++;
                }
                else if (post.matches())
                {
                    final HttpResponse<String> response = face.command(1, post.group(2),
                        Long.parseLong(post.group(3)), post.group(4));
                    assertEquals(200, response.statusCode(), line + ": " + response.body());
                    final JsonNode answer = HttpApiTest.json(response);
                    assertEquals("ACCEPTED", answer.get("outcome").asText(), line + ": " + answer);
                    sequence = answer.get("sequence").asLong();
                    requests++;
                }
            }
            assertTrue(requests >= 12, "README's HTTP block has its examples: " + requests + " found");
        }
    }

    @Test
    void theShellBlockRunsAsWritten() throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) &&
            Files.isExecutable(Path.of("/usr/bin/openssl")) && Files.isExecutable(Path.of("/bin/bash")),
            "README's shell block needs bash, curl and openssl (apt-get install -y curl openssl): its requests " +
            "were checked through Java's HTTP client only");
        final Path data = dir.resolve("shell").resolve("data");
        try (HttpTestServer face = new HttpTestServer(data))
        {
            Files.writeString(data.resolve("credentials"),
                "1=" + HexFormat.of().formatHex(HttpTestServer.secret(1)) + "\n");
            final String script = String.join("\n", readmeBlock())
                .replace("HTTP=http://127.0.0.1:8080", "HTTP=" + face.http.url());
            final Process bash = new ProcessBuilder("/bin/bash", "-euo", "pipefail", "-c", script)
                .directory(data.getParent().toFile())
                .redirectErrorStream(true)
                .start();
            final String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(bash.waitFor(120, TimeUnit.SECONDS), out);
            assertEquals(0, bash.exitValue(), "README's HTTP block failed:\n" + out);
            assertTrue(out.contains("\"outcome\":\"ACCEPTED\""), out);
            assertTrue(out.contains("\"type\":\"BalanceResult\""), out);
            assertTrue(out.contains("sequent_commands_accepted_total "), out);
        }
    }
}
