package io.sequent.cli;

import io.sequent.auth.Credentials;
import io.sequent.cli.config.ConfigFileOption;
import io.sequent.cli.output.JsonWriter;
import io.sequent.codecs.config.Settings;
import io.sequent.engine.EngineConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import io.sequent.gateway.ServerConfiguration;

/**
 * {@code sequent credentials}: the clients a server admits, in its credentials file (created readable by its owner
 * only): add a client with a new random secret, list them, remove one, or give one a new secret. The file is the
 * one {@code sequent server} reads: {@code --file}, else the setting {@code sequent.auth.file}, else
 * {@code DIR/credentials}.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Manage the clients a server admits.", subcommands = { CredentialsCommand.Add.class,
        CredentialsCommand.ListClients.class, CredentialsCommand.Remove.class, CredentialsCommand.Rotate.class })
public final class CredentialsCommand implements Runnable
{
    /** Name of the credentials file in a server's data directory, where {@code sequent server} looks by default. */
    public static final String DEFAULT_FILE = ServerConfiguration.AUTH_FILE_DEFAULT_NAME;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * Which credentials file: as {@code sequent server} finds it.
     */
    public static final class FileOption
    {
        @Option(names = "--file", paramLabel = "FILE",
            description = "credentials file (setting sequent.auth.file, default DIR/credentials)")
        Path file;

        @Option(names = "--dir", paramLabel = "DIR", description = "data directory of the server, whose " +
            "credentials file this is when --file and sequent.auth.file are not given (setting sequent.dir, " +
            "default " + EngineConfiguration.DIR_DEFAULT + ")")
        Path dir;

        @Mixin
        ConfigFileOption config;

        /**
         * @return the credentials file.
         */
        public Path resolve()
        {
            if (file != null)
            {
                return file;
            }
            final String setting = Settings.string(ServerConfiguration.AUTH_FILE_PROP_NAME, null);
            if (setting != null)
            {
                return Path.of(setting);
            }
            final Path dataDir = dir != null ? dir :
                Path.of(Settings.string(EngineConfiguration.DIR_PROP_NAME, EngineConfiguration.DIR_DEFAULT));
            return dataDir.resolve(DEFAULT_FILE);
        }
    }

    /**
     * A client id: a positive long.
     */
    public static final class ClientIdOption
    {
        @Option(names = "--client", paramLabel = "ID", required = true, description = "the client's id (1 or more)")
        long clientId;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec mixee;

        /**
         * @return the id.
         * @throws CommandLine.ParameterException unless it is 1 or more.
         */
        public long resolve()
        {
            if (clientId < 1)
            {
                throw new CommandLine.ParameterException(mixee.commandLine(),
                    "--client " + clientId + ": a client id is a positive number (1 or more)");
            }
            return clientId;
        }
    }

    /**
     * {@code sequent credentials add}.
     */
    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "Add a client with a new random secret; prints clientId=secret for the client's configuration.")
    static final class Add implements Callable<Integer>
    {
        @Mixin
        FileOption file;

        @Mixin
        ClientIdOption client;

        @Override
        public Integer call()
        {
            final long clientId = client.resolve();
            final Path path = file.resolve();
            final byte[] secret = Credentials.addToFile(path, clientId);
            System.out.println("added client " + clientId + " to " + path.toAbsolutePath() +
                "; give the client these (e.g. -Dsequent.client.id, -Dsequent.client.secret):");
            System.out.println(clientId + "=" + HexFormat.of().formatHex(secret));
            return 0;
        }
    }

    /**
     * {@code sequent credentials list}.
     */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "List the client ids of a credentials file (never their secrets).")
    static final class ListClients implements Callable<Integer>
    {
        @Mixin
        FileOption file;

        @Option(names = "--json", description = "one JSON document instead of the lines")
        boolean json;

        @Override
        public Integer call()
        {
            final Path path = file.resolve();
            final List<Long> ids = new CredentialsFile(path).clientIds();
            if (json)
            {
                final JsonWriter out = new JsonWriter().beginObject().member("file", path.toString())
                    .name("clients").beginArray();
                ids.forEach(out::value);
                System.out.println(out.endArray().endObject());
                return 0;
            }
            ids.forEach(id -> System.out.println(id));
            System.out.println(ids.size() + " client(s) in " + path.toAbsolutePath());
            return 0;
        }
    }

    /**
     * {@code sequent credentials remove}.
     */
    @Command(name = "remove", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "Remove a client; a running server admits it until it restarts. Exit 1 if it is not there.")
    static final class Remove implements Callable<Integer>
    {
        @Mixin
        FileOption file;

        @Mixin
        ClientIdOption client;

        @Override
        public Integer call()
        {
            final long clientId = client.resolve();
            final Path path = file.resolve();
            if (!new CredentialsFile(path).remove(clientId))
            {
                System.err.println("sequent: client " + clientId + " is not in " + path.toAbsolutePath());
                return 1;
            }
            System.out.println("removed client " + clientId + " from " + path.toAbsolutePath() +
                " (a running server reads the file at start: restart it)");
            return 0;
        }
    }

    /**
     * {@code sequent credentials rotate}.
     */
    @Command(name = "rotate", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "Give a client a new random secret, replacing its old one; prints clientId=secret. Exit 1 if " +
            "it is not there.")
    static final class Rotate implements Callable<Integer>
    {
        @Mixin
        FileOption file;

        @Mixin
        ClientIdOption client;

        @Override
        public Integer call()
        {
            final long clientId = client.resolve();
            final Path path = file.resolve();
            final byte[] secret = new CredentialsFile(path).rotate(clientId);
            if (secret == null)
            {
                System.err.println("sequent: client " + clientId + " is not in " + path.toAbsolutePath());
                return 1;
            }
            System.out.println("new secret for client " + clientId + " in " + path.toAbsolutePath() +
                " (a running server reads the file at start: restart it):");
            System.out.println(clientId + "=" + HexFormat.of().formatHex(secret));
            return 0;
        }
    }
}
