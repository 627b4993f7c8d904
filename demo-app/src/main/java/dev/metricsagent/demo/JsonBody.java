package dev.metricsagent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;
import spark.Request;

/**
 * Reads a request body that must be a JSON object, rejecting everything else with a precise 4xx:
 * 415 for a non-JSON Content-Type, 413 above {@link #MAX_BYTES}, 400 for invalid UTF-8, malformed
 * JSON or a non-object document.
 */
final class JsonBody {

    static final int MAX_BYTES = 64 * 1024;

    private JsonBody() {
    }

    static JsonNode readObject(Request request) {
        // The declared length is checked first so an oversized upload is refused before reading it.
        long declared = request.raw().getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw tooLarge(declared + " bytes declared");
        }
        requireJsonContentType(request.contentType());

        JsonNode node = Json.parse(decodeUtf8(readAtMost(request.raw(), MAX_BYTES)));
        if (!node.isObject()) {
            throw ApiError.invalidJson("request body must be a JSON object, got " + Validation.describe(node));
        }
        return node;
    }

    /** Accepts {@code application/json} in any case, with parameters; a charset must be UTF-8. */
    static void requireJsonContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw ApiError.unsupportedMediaType("Content-Type must be application/json, got none");
        }
        String[] parts = contentType.split(";");
        if (parts.length == 0 || !parts[0].trim().equalsIgnoreCase(Json.CONTENT_TYPE)) {
            throw ApiError.unsupportedMediaType(
                    "Content-Type must be application/json, got " + Text.quote(contentType, 100));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].trim().equalsIgnoreCase("charset") && param.length == 2) {
                String charset = param[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw ApiError.unsupportedMediaType(
                            "JSON must be UTF-8, got charset " + Text.quote(param[1].trim(), 40));
                }
            }
        }
    }

    /**
     * Reads at most {@code limit} bytes, so a chunked body without Content-Length cannot exhaust
     * memory. Spark's own body() would buffer everything (and swallows read errors), so this reads
     * from the container's stream underneath Spark's caching wrapper.
     */
    private static byte[] readAtMost(ServletRequest request, int limit) {
        ServletRequest container = container(request);
        byte[] bytes;
        try {
            InputStream in = container.getInputStream();
            bytes = in.readNBytes(limit + 1);
        } catch (IOException | RuntimeException e) {
            // Jetty reports broken chunked encoding and early EOF this way; the client is at fault.
            throw ApiError.invalidJson("could not read the request body");
        }
        if (bytes.length > limit) {
            throw tooLarge("more than " + limit + " bytes sent");
        }
        return bytes;
    }

    /**
     * Most of an unread body that is read and dropped after the answer (Tomcat's default
     * {@code maxSwallowSize}); a larger upload is cut off and its client may see a reset instead.
     */
    static final long MAX_DISCARD_BYTES = 2L * 1024 * 1024;

    /**
     * Reads and drops what is left of a body, at most {@link #MAX_DISCARD_BYTES}, through an 8 KiB
     * buffer (nothing is kept). An answer decided before the body was read (bad id, wrong
     * Content-Type, no route, a declared oversize refused with 413) would otherwise leave it
     * unread, and Jetty closes such a connection, which resets it under a client still sending
     * and loses the answer before the client has read it.
     */
    static void discardUnread(Request request) {
        ServletRequest container = container(request.raw());
        if (container.getContentLengthLong() > MAX_DISCARD_BYTES) {
            return;
        }
        try {
            ServletInputStream in = container.getInputStream();
            if (in.isFinished()) {
                return; // no body, or read to the end: the usual case, nothing to allocate
            }
            byte[] sink = new byte[8192];
            long left = MAX_DISCARD_BYTES;
            for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or sent broken framing; nothing to answer, Jetty closes it.
        }
    }

    private static ServletRequest container(ServletRequest request) {
        ServletRequest container = request;
        while (container instanceof ServletRequestWrapper wrapper) {
            container = wrapper.getRequest();
        }
        return container;
    }

    /** Strict decoding: Spark's body() would silently turn invalid bytes into U+FFFD. */
    private static String decodeUtf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in)
                    .toString();
            // RFC 8259 lets parsers ignore a byte order mark; Jackson would not when given a String.
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw ApiError.invalidJson("request body is not valid UTF-8 (at byte " + in.position() + ")");
        }
    }

    private static ApiError tooLarge(String what) {
        return ApiError.payloadTooLarge("request body is limited to " + MAX_BYTES + " bytes, " + what);
    }
}
