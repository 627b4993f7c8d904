package dev.metricsagent.demo;

import static spark.Spark.afterAfter;
import static spark.Spark.before;
import static spark.Spark.delete;
import static spark.Spark.exception;
import static spark.Spark.get;
import static spark.Spark.internalServerError;
import static spark.Spark.notFound;
import static spark.Spark.post;
import static spark.Spark.put;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.eclipse.jetty.util.Utf8Appendable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Request;
import spark.Response;

/**
 * The HTTP API: route registration on Spark's static instance and the handlers behind it.
 *
 * <p>Routes are registered with their literal templates ({@code /products/:id}) because the
 * metrics agent reports those templates as labels; nothing else is routed.
 */
final class ProductApi {

    private static final Logger LOG = LoggerFactory.getLogger(ProductApi.class);

    static final List<String> ENDPOINTS = List.of(
            "GET /", "GET /health", "GET /products", "POST /products",
            "GET /products/:id", "PUT /products/:id", "DELETE /products/:id");

    private final ProductStore store;
    private final String version;

    ProductApi(ProductStore store) {
        this.store = store;
        this.version = loadVersion();
    }

    /** Registers everything on {@code spark.Spark}; the first call also starts the server. */
    void register() {
        // Every response is JSON, including 404s, errors and HEAD answers that never reach a handler.
        before((req, res) -> res.type(Json.CONTENT_TYPE));
        // Runs after every answer, errors and 404s included, so the client always gets to read it.
        afterAfter((req, res) -> JsonBody.discardUnread(req));

        get("/", (req, res) -> index());
        get("/health", (req, res) -> health());
        // Spark matches trailing slashes strictly, so "/products/" is registered explicitly.
        for (String path : List.of("/products", "/products/")) {
            get(path, (req, res) -> Json.products(store.findAll()));
            post(path, this::create);
        }
        get("/products/:id", this::show);
        put("/products/:id", this::update);
        delete("/products/:id", this::remove);

        exception(ApiError.class, (e, req, res) -> respond(res, e.status(), e.error(), e.detail()));
        // Spark percent-decodes path parameters itself and lets Jetty's NotUtf8Exception escape
        // for e.g. /products/%FF (its catch names a different class); that is a client error.
        exception(Utf8Appendable.NotUtf8Exception.class, (e, req, res) ->
                respond(res, 400, "invalid_path", "path is not valid UTF-8 after percent-decoding"));
        // Last resort: anything unexpected is a bug on our side. Log it once, tell the client little.
        exception(Exception.class, (e, req, res) -> {
            LOG.error("Unhandled exception for {}", describe(req), e);
            respond(res, 500, "internal_error", "the server failed to handle the request");
        });
        notFound((req, res) -> {
            res.type(Json.CONTENT_TYPE);
            return Json.error("not_found", "no route for " + describe(req));
        });
        // Spark renders this for exceptions no handler claims; the Exception handler above claims
        // them all, so it is a safety net. Errors (not Exceptions) bypass Spark: JettyJsonErrors.
        internalServerError((req, res) -> {
            res.type(Json.CONTENT_TYPE);
            return Json.error("internal_error", "the server failed to handle the request");
        });
    }

    private String index() {
        ObjectNode info = Json.object();
        info.put("service", "demo-app");
        info.put("version", version);
        ENDPOINTS.forEach(info.putArray("endpoints")::add);
        return Json.write(info);
    }

    private String health() {
        ObjectNode status = Json.object();
        status.put("status", "UP");
        return Json.write(status);
    }

    private String create(Request req, Response res) {
        Product product = Validation.product(JsonBody.readObject(req));
        if (!store.create(product)) {
            throw ApiError.conflict("product " + product.id() + " already exists");
        }
        res.status(201);
        res.header("Location", "/products/" + product.id());
        return Json.product(product);
    }

    private String show(Request req, Response res) {
        long id = Validation.pathId(req.params(":id"));
        return store.findById(id)
                .map(Json::product)
                .orElseThrow(() -> missing(id));
    }

    private String update(Request req, Response res) {
        long id = Validation.pathId(req.params(":id"));
        Product product = Validation.product(JsonBody.readObject(req));
        if (product.id() != id) {
            throw ApiError.invalidProduct("field 'id' (" + product.id() + ") must equal the path id (" + id + ")");
        }
        if (!store.update(product)) {
            throw missing(id);
        }
        return Json.product(product);
    }

    private String remove(Request req, Response res) {
        long id = Validation.pathId(req.params(":id"));
        if (!store.delete(id)) {
            throw missing(id);
        }
        res.status(204);
        // Spark treats a null result as "no route matched" (404); "" means an empty body.
        return "";
    }

    private static ApiError missing(long id) {
        return ApiError.notFound("product " + id + " does not exist");
    }

    private static void respond(Response res, int status, String error, String detail) {
        res.status(status);
        res.type(Json.CONTENT_TYPE);
        res.body(Json.error(error, detail));
    }

    /** "METHOD /path" for messages; defensive because it runs inside error handlers. */
    private static String describe(Request req) {
        try {
            return req.requestMethod() + " " + Text.truncate(req.raw().getRequestURI(), 100);
        } catch (RuntimeException e) {
            return "the request";
        }
    }

    /** The Maven project version, filtered into version.properties at build time. */
    private static String loadVersion() {
        Properties props = new Properties();
        try (InputStream in = ProductApi.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            LOG.warn("Cannot read version.properties: {}", e.toString());
        }
        String version = props.getProperty("version", "unknown");
        // Unfiltered (e.g. run from an IDE without Maven resource processing).
        return version.startsWith("${") ? "unknown" : version;
    }
}
