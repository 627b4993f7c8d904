package dev.metricsagent.demo;

import java.util.concurrent.atomic.AtomicReference;
import spark.Spark;

/**
 * Entry point of the demo service: a product CRUD API on SparkJava with no metrics code at all,
 * so the metrics agent has an honest, unmodified app to instrument.
 */
public final class DemoApp {

    /** Exit code for usage errors (bad port, unknown argument). */
    static final int EXIT_USAGE = 2;
    /** Exit code when the server cannot start, e.g. the port is taken. */
    static final int EXIT_START_FAILED = 1;

    private DemoApp() {
    }

    public static void main(String[] args) {
        ServerConfig config;
        try {
            config = ServerConfig.parse(args, System.getenv());
        } catch (ServerConfig.InvalidConfigException e) {
            System.err.println("demo-app: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        if (config.helpRequested()) {
            System.out.println(ServerConfig.USAGE);
            return;
        }

        int port;
        try {
            port = start(config.port(), config.host());
        } catch (IllegalStateException e) {
            System.err.println("demo-app: " + e.getMessage());
            System.exit(EXIT_START_FAILED);
            return;
        }
        // Scripts and tests wait for exactly this line; it is the only thing written to stdout.
        System.out.println("demo-app listening on http://localhost:" + port);
        System.out.flush();
    }

    /**
     * Starts the server with an empty in-memory store and blocks until it accepts connections.
     *
     * @param port the port, or 0 for a free one
     * @param host the address to bind, e.g. "0.0.0.0" or "127.0.0.1"
     * @return the port actually bound
     * @throws IllegalStateException if the server cannot start (e.g. the port is in use)
     */
    public static int start(int port, String host) {
        return start(port, host, new InMemoryProductStore());
    }

    /** As {@link #start(int, String)} with a given store; package-private so tests can reset it. */
    static synchronized int start(int port, String host, ProductStore store) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(port, host, store);
            } catch (IllegalStateException e) {
                // For port 0 Spark asks the OS for a free port, closes it and binds it again: another
                // process may take it in between. Any free port will do, so ask again.
                if (port != 0 || attempt == BIND_ATTEMPTS || !isBindFailure(e)) {
                    throw e;
                }
            }
        }
    }

    /** Launches on port 0 a bind race can fail before one succeeds. */
    static final int BIND_ATTEMPTS = 5;

    /** Whether {@code e} or a cause of it is a failure to bind the listening socket. */
    static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    private static int startOnce(int port, String host, ProductStore store) {
        // Spark's default reaction to a failed start is System.exit(100) from a background thread;
        // capture the failure instead so callers get an exception and main a clear message.
        AtomicReference<Exception> failure = new AtomicReference<>();
        Spark.initExceptionHandler(failure::set);
        Spark.ipAddress(host);
        Spark.port(port);
        JettyJsonErrors.install();
        new ProductApi(store).register();
        Spark.awaitInitialization();
        if (failure.get() != null) {
            stop();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + rootMessage(failure.get()),
                    failure.get());
        }
        return Spark.port();
    }

    /** Stops the server and waits until it is fully down, so start() may be called again. */
    public static synchronized void stop() {
        Spark.stop();
        Spark.awaitStop();
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            message.append(": ").append(cause.getMessage());
        }
        return message.toString();
    }
}
