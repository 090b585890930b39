package io.sequent.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short {@code sequent bench} run, engine and raw echo: the report files exist and parse.
 */
class BenchCommandTest
{
    @TempDir
    Path dir;

    @Test
    void aShortRunWritesHistogramsAndAPlot() throws IOException
    {
        final Path out = dir.resolve("report");
        final StringWriter text = new StringWriter();
        final StringWriter json = new StringWriter();
        final int exit = new CommandLine(new SequentCli()).setOut(new PrintWriter(json)).setErr(new PrintWriter(text))
            .execute("bench", "--channel", "ipc", "--rate", "2000", "--clients", "2", "--warmup", "500ms",
            "--duration", "1s", "--traders", "50", "--out", out.toString(), "--dir", dir.resolve("data").toString(),
            "--json");
        assertEquals(0, exit, text.toString());

        // With --json the report goes to standard error and the summary, one JSON document, to standard output.
        final String report = text.toString();
        assertTrue(report.contains("== engine: 3,000 paced commands answered"), report);
        assertTrue(report.contains("== engine / echo"), report);
        for (final String percentile : new String[] { "p50", "p90", "p99", "p99.9", "p99.99", "max" })
        {
            assertTrue(report.lines().anyMatch(line -> line.trim().startsWith(percentile + " ") &&
                line.trim().endsWith("x")), "ratio at " + percentile + " in\n" + report);
        }

        for (final String hgrm : new String[] { "bench.hgrm", "echo.hgrm" })
        {
            final List<String> lines = Files.readAllLines(out.resolve(hgrm));
            assertTrue(lines.get(0).trim().startsWith("Value"), hgrm + " starts with its header");
            // 2 clients x 1 s x 1,000/s measured, warm-up excluded
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("#[Mean")), hgrm);
            assertTrue(lines.stream().anyMatch(line -> line.matches(".*Total count\\s*=\\s*2000\\]")),
                hgrm + ": " + lines.get(lines.size() - 1));
            final double p99 = lines.stream().skip(1).filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.trim().split("\\s+"))
                .filter(fields -> Double.parseDouble(fields[1]) >= 0.99)
                .mapToDouble(fields -> Double.parseDouble(fields[0])).findFirst().orElse(-1);
            assertTrue(p99 > 0, hgrm + " has a value at the 99th percentile");
        }

        final JsonObject summary = JsonParser.parseString(json.toString().trim()).getAsJsonObject();
        assertEquals("ipc", summary.get("channel").getAsString());
        assertEquals(2000, summary.get("rate").getAsInt());
        for (final String name : new String[]{ "engine", "echo" })
        {
            final JsonObject result = summary.getAsJsonObject(name);
            assertEquals(3000, result.get("paced").getAsInt(), name);
            assertEquals(2000, result.getAsJsonObject("latency").get("count").getAsLong(), name);
            assertTrue(result.getAsJsonObject("latency").get("p99Ns").getAsLong() > 0, name);
        }
        assertTrue(summary.getAsJsonObject("ratio").has("p99.9"), summary.toString());
        assertEquals(out.resolve("bench.png").toString(),
            summary.getAsJsonObject("files").get("plot").getAsString());

        final BufferedImage png = ImageIO.read(out.resolve("bench.png").toFile());
        assertNotNull(png, "bench.png decodes");
        assertTrue(png.getWidth() > 0 && png.getHeight() > 0);
    }
}
