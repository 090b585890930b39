package io.sequent.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the command line, as {@code main} runs it (its failure handler, no exit), with what it
 * printed on standard output and standard error, whether through picocli's writers or {@code System.out}.
 *
 * @param exit the exit code.
 * @param out  standard output.
 * @param err  standard error.
 */
record CliRun(int exit, String out, String err)
{
    /**
     * @param args the command line.
     * @return what it did.
     */
    static CliRun run(final String... args)
    {
        final PrintStream originalOut = System.out;
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
        final ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exit;
        System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try
        {
            final CommandLine commandLine = SequentCli.newCommandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            exit = commandLine.execute(args);
        }
        finally
        {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        return new CliRun(exit, systemOut.toString(StandardCharsets.UTF_8) + out,
            systemErr.toString(StandardCharsets.UTF_8) + err);
    }

    /**
     * @return standard output parsed as one JSON object.
     */
    JsonObject json()
    {
        return JsonParser.parseString(out.trim()).getAsJsonObject();
    }

    @Override
    public String toString()
    {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
