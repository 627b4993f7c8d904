package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Test-side HTTP client for the running app: real requests over loopback, no app internals. */
final class Http {

    /** The tests' own JSON reader; exact decimals so price assertions are meaningful. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final int port;

    Http(int port) {
        this.port = port;
    }

    record Reply(int status, HttpResponse<String> response) {

        String body() {
            return response.body();
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(body());
            } catch (IOException e) {
                throw new AssertionError("response is not JSON: " + body(), e);
            }
        }

        /** Asserts status, JSON content type and the "error" code; returns the detail. */
        String assertError(int expectedStatus, String expectedError) {
            assertEquals(expectedStatus, status, () -> "status; body=" + body());
            assertJsonContentType();
            JsonNode json = json();
            assertEquals(expectedError, json.path("error").asText(), () -> "error code; body=" + body());
            assertTrue(json.path("detail").isTextual() && !json.path("detail").asText().isBlank(),
                    () -> "detail present; body=" + body());
            assertEquals(2, json.size(), () -> "only error+detail; body=" + body());
            return json.path("detail").asText();
        }

        void assertJsonContentType() {
            String type = header("Content-Type").orElse("<none>");
            assertTrue(type.toLowerCase(Locale.ROOT).startsWith("application/json"), "Content-Type was " + type);
        }
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply head(String path) {
        return send(request(path).method("HEAD", BodyPublishers.noBody()));
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    Reply putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(json)));
    }

    /** Any method, body and (optional, null = none) Content-Type. */
    Reply send(String method, String path, String contentType, BodyPublisher body) {
        HttpRequest.Builder builder = request(path).method(method, body);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
    }

    Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends bytes verbatim over a socket and returns everything the server answers until it closes
     * the connection (requests should say "Connection: close"). For what HttpClient refuses to
     * send: malformed URIs, a Content-Length that lies.
     */
    String raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
