package dev.metricsagent.demo;

/** Quoting of client-supplied values for one-line messages (error details, stderr). */
final class Text {

    private Text() {
    }

    /** {@code 'value'} with control characters escaped and long values cut, so it stays on one line. */
    static String quote(String value, int maxLength) {
        return "'" + truncate(value, maxLength) + "'";
    }

    static String truncate(String value, int maxLength) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(maxLength).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return value.codePointCount(0, value.length()) > maxLength ? out.append("...").toString() : out.toString();
    }
}
