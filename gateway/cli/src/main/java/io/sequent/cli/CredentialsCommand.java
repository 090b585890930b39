package io.sequent.cli;

import io.sequent.auth.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * {@code sequent credentials add}: gives a client an id and a new random secret in a server's credentials file
 * (created readable by its owner only) and prints the secret for the client's configuration.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
    description = "Manage the clients a server admits.", subcommands = CredentialsCommand.Add.class)
public final class CredentialsCommand implements Runnable
{
    /** Name of the credentials file in a server's data directory, where {@code sequent server} looks by default. */
    public static final String DEFAULT_FILE = "credentials";

    @Override
    public void run()
    {
        System.out.println("usage: sequent credentials add --client ID [--file FILE]");
    }

    /**
     * {@code sequent credentials add}.
     */
    @Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a client with a new random secret; prints clientId=secret for the client's configuration.")
    public static final class Add implements Callable<Integer>
    {
        @Option(names = "--file", defaultValue = "data/server/" + DEFAULT_FILE,
            description = "credentials file (default: ${DEFAULT-VALUE}, where `sequent server` looks)")
        Path file;

        @Option(names = "--client", required = true, description = "the new client's id (a long)")
        long clientId;

        @Override
        public Integer call()
        {
            final byte[] secret = Credentials.addToFile(file, clientId);
            System.out.println("added client " + clientId + " to " + file.toAbsolutePath() +
                "; give the client these (e.g. -Dsequent.client.id, -Dsequent.client.secret):");
            System.out.println(clientId + "=" + HexFormat.of().formatHex(secret));
            return 0;
        }
    }
}
