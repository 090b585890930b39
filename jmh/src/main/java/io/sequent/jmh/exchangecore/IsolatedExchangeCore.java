package io.sequent.jmh.exchangecore;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * exchange-core in a class loader of its own. exchange-core 0.5.3 is built against Disruptor 3.4 (it calls
 * {@code Disruptor.after(EventHandler[])}, gone in 4.0), Agrona 1.4 and Chronicle Wire 2.19, all of which Sequent has
 * in newer, incompatible versions; so its jars (copied to {@code target/exchange-core-lib} by the build, or the
 * directory the system property {@value #LIB_PROP_NAME} names) are loaded apart, over the platform class loader,
 * together with {@link ExchangeCoreRunner}, which is reached by reflection with JDK types only.
 */
public final class IsolatedExchangeCore implements AutoCloseable
{
    /** System property: the directory holding exchange-core and its dependencies. */
    public static final String LIB_PROP_NAME = "sequent.jmh.exchange-core.lib";

    private final URLClassLoader loader;
    private final Constructor<?> constructor;
    private final Method run;
    private final Method rejected;
    private final Method close;

    /**
     * Opens the class loader.
     *
     * @throws IOException when the jars are missing.
     */
    public IsolatedExchangeCore() throws IOException
    {
        final Path code = codeLocation();
        final Path lib = Path.of(System.getProperty(LIB_PROP_NAME, code.getParent().resolve("exchange-core-lib")
            .toString()));
        final List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib))
        {
            for (final Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList())
            {
                urls.add(jar.toUri().toURL());
            }
        }
        if (urls.stream().noneMatch(url -> url.getPath().contains("exchange-core-")))
        {
            throw new IOException("no exchange-core jar in " + lib + " (built by mvn package -pl jmh, or set -D" +
                LIB_PROP_NAME + ")");
        }
        // Its libraries first: the runner's own class is found last, in this module's jar or classes.
        urls.add(code.toUri().toURL());
        loader = new URLClassLoader("exchange-core", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        try
        {
            final Class<?> runner = Class.forName(ExchangeCoreRunner.class.getName(), true, loader);
            constructor = runner.getConstructor(long[].class, String.class, int.class, int.class);
            run = runner.getMethod("run", int.class, int.class);
            rejected = runner.getMethod("rejected");
            close = runner.getMethod("close");
        }
        catch (final ReflectiveOperationException ex)
        {
            loader.close();
            throw new IOException("cannot load " + ExchangeCoreRunner.class.getName() + " from " + urls, ex);
        }
    }

    private static Path codeLocation() throws IOException
    {
        try
        {
            return Path.of(IsolatedExchangeCore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IOException(ex);
        }
    }

    /**
     * Starts one exchange-core instance.
     *
     * @param flow             {@link ExchangeCoreFlow#commands()}.
     * @param waitStrategy     a {@code CoreWaitStrategy} name: BUSY_SPIN, YIELDING, BLOCKING, SECOND_STEP_NO_WAIT.
     * @param ringBufferSize   of its ring.
     * @param msgsInGroupLimit its batch limit.
     * @return the instance; close it before the next.
     */
    public Instance start(
        final ExchangeCoreFlow flow, final String waitStrategy, final int ringBufferSize, final int msgsInGroupLimit)
    {
        return new Instance(call(() -> constructor.newInstance(flow.commands(), waitStrategy, ringBufferSize,
            msgsInGroupLimit)));
    }

    @Override
    public void close() throws IOException
    {
        loader.close();
    }

    private static Object call(final Call call)
    {
        try
        {
            return call.call();
        }
        catch (final InvocationTargetException ex)
        {
            throw new IllegalStateException("exchange-core failed", ex.getCause());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A reflective call.
     */
    @FunctionalInterface
    private interface Call
    {
        Object call() throws ReflectiveOperationException;
    }

    /**
     * One running exchange-core ({@link ExchangeCoreRunner}).
     */
    public final class Instance implements AutoCloseable
    {
        private final Object runner;

        private Instance(final Object runner)
        {
            this.runner = runner;
        }

        /**
         * @param from first command.
         * @param to   past the last.
         * @return nanoseconds from the first submit to the last answer.
         */
        public long run(final int from, final int to)
        {
            return (Long)call(() -> run.invoke(runner, from, to));
        }

        /** @return commands answered with anything but success so far. */
        public long rejected()
        {
            return (Long)call(() -> rejected.invoke(runner));
        }

        @Override
        public void close()
        {
            call(() -> close.invoke(runner));
        }
    }
}
