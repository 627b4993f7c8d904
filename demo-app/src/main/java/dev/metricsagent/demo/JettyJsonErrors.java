package dev.metricsagent.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import spark.embeddedserver.EmbeddedServers;
import spark.embeddedserver.jetty.EmbeddedJettyFactory;
import spark.embeddedserver.jetty.JettyServerFactory;

/**
 * JSON error bodies for requests Jetty rejects before Spark sees them (malformed URIs such as
 * {@code /products/%ZZ}, oversized headers, broken HTTP). Jetty's default answers in HTML and, for
 * a 500, may include a stack trace; this keeps the API JSON-only and trace-free.
 */
final class JettyJsonErrors extends ErrorHandler {

    private JettyJsonErrors() {
    }

    /** Makes Spark build its Jetty server with this error handler. Call before the first route. */
    static void install() {
        EmbeddedServers.add(EmbeddedServers.defaultIdentifier(), new EmbeddedJettyFactory(new JettyServerFactory() {
            // Mirrors Spark's own (package-private) JettyServer factory, plus the error handler.
            @Override
            public Server create(int maxThreads, int minThreads, int threadTimeoutMillis) {
                if (maxThreads <= 0) {
                    return withJsonErrors(new Server());
                }
                return withJsonErrors(new Server(new QueuedThreadPool(maxThreads,
                        minThreads > 0 ? minThreads : 8, threadTimeoutMillis > 0 ? threadTimeoutMillis : 60000)));
            }

            @Override
            public Server create(ThreadPool threadPool) {
                return withJsonErrors(threadPool != null ? new Server(threadPool) : new Server());
            }
        }));
    }

    private static Server withJsonErrors(Server server) {
        server.setErrorHandler(new JettyJsonErrors());
        return server;
    }

    /** Jetty writes error bodies only for GET, POST and HEAD by default; PUT and DELETE too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** Errors raised while a request is dispatched (e.g. a bad URI found during parsing). */
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType(Json.CONTENT_TYPE);
        response.getOutputStream().write(body(code, message));
    }

    /** Errors raised before a request exists at all (unparseable request line or headers). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Json.CONTENT_TYPE);
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        String error = reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        // Server-side messages may carry exception text; only client errors get Jetty's reason.
        String detail = status >= 500 || message == null || message.isBlank()
                ? reason : Text.truncate(message, 200);
        return Json.error(status >= 500 ? "internal_error" : error, detail).getBytes(StandardCharsets.UTF_8);
    }
}
