package dev.metricsagent.demo;

/**
 * A client error with the HTTP status and the JSON body ({@code error}, {@code detail}) to answer.
 *
 * <p>Thrown from handlers and turned into a response by the exception handler registered in
 * {@link ProductApi}. It is expected control flow, so no stack trace is captured.
 */
final class ApiError extends RuntimeException {

    private final int status;
    private final String error;
    private final String detail;

    private ApiError(int status, String error, String detail) {
        super(status + " " + error + ": " + detail, null, false, false);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String detail() {
        return detail;
    }

    /** The body is not usable JSON: malformed, empty, not UTF-8, not an object. */
    static ApiError invalidJson(String detail) {
        return new ApiError(400, "invalid_json", detail);
    }

    /** The body is a JSON object but not a valid product. */
    static ApiError invalidProduct(String detail) {
        return new ApiError(400, "invalid_product", detail);
    }

    /** The {@code :id} path segment is not a positive long. */
    static ApiError invalidId(String detail) {
        return new ApiError(400, "invalid_id", detail);
    }

    static ApiError notFound(String detail) {
        return new ApiError(404, "not_found", detail);
    }

    static ApiError conflict(String detail) {
        return new ApiError(409, "already_exists", detail);
    }

    static ApiError payloadTooLarge(String detail) {
        return new ApiError(413, "payload_too_large", detail);
    }

    static ApiError unsupportedMediaType(String detail) {
        return new ApiError(415, "unsupported_media_type", detail);
    }
}
