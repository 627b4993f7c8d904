package dev.metricsagent.demo;

import java.util.Map;

/**
 * Where to listen, from command-line arguments and environment. An argument wins over its
 * environment variable; a blank environment variable counts as unset.
 */
record ServerConfig(int port, String host, boolean helpRequested) {

    static final int DEFAULT_PORT = 8000;
    static final String DEFAULT_HOST = "0.0.0.0";
    static final String USAGE = "usage: java -jar demo-app.jar [--port N] [--host H]"
            + " (env PORT, HOST; defaults " + DEFAULT_PORT + ", " + DEFAULT_HOST + "; port 0 picks a free port)";

    /** A usage error; its message is the one line printed to stderr before exiting with 2. */
    static final class InvalidConfigException extends Exception {
        InvalidConfigException(String message) {
            super(message, null, false, false);
        }
    }

    static ServerConfig parse(String[] args, Map<String, String> env) throws InvalidConfigException {
        String port = null;
        String portSource = null;
        String host = null;
        String hostSource = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new ServerConfig(DEFAULT_PORT, DEFAULT_HOST, true);
            } else if (arg.equals("--port") || arg.equals("--host")) {
                if (i + 1 >= args.length) {
                    throw new InvalidConfigException("missing value after " + arg + "; " + USAGE);
                }
                if (arg.equals("--port")) {
                    port = args[++i];
                    portSource = "--port";
                } else {
                    host = args[++i];
                    hostSource = "--host";
                }
            } else if (arg.startsWith("--port=")) {
                port = arg.substring("--port=".length());
                portSource = "--port";
            } else if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length());
                hostSource = "--host";
            } else {
                throw new InvalidConfigException("unknown argument " + Text.quote(arg, 60) + "; " + USAGE);
            }
        }
        if (port == null && !isBlank(env.get("PORT"))) {
            port = env.get("PORT");
            portSource = "PORT";
        }
        if (host == null && !isBlank(env.get("HOST"))) {
            host = env.get("HOST");
            hostSource = "HOST";
        }
        return new ServerConfig(
                port == null ? DEFAULT_PORT : parsePort(port, portSource),
                host == null ? DEFAULT_HOST : parseHost(host, hostSource),
                false);
    }

    private static int parsePort(String value, String source) throws InvalidConfigException {
        // ASCII digits only: Integer.parseInt alone would accept "+80" and non-Latin digits.
        if (value.matches("[0-9]{1,5}")) {
            int port = Integer.parseInt(value);
            if (port <= 65535) {
                return port;
            }
        }
        throw new InvalidConfigException("invalid port " + Text.quote(value, 40) + " (from " + source
                + "): expected an integer 0..65535");
    }

    private static String parseHost(String value, String source) throws InvalidConfigException {
        // Resolution is left to the server at bind time; this only catches obvious typos.
        if (value.isBlank() || !value.strip().equals(value) || value.contains("/")) {
            throw new InvalidConfigException("invalid host " + Text.quote(value, 60) + " (from " + source
                    + "): expected a host name or IP address");
        }
        return value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
