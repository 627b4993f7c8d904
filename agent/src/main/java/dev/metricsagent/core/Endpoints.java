package dev.metricsagent.core;

/**
 * The cardinality rules for the {@code endpoint} label: route templates as registered, one fixed
 * value for requests no route matched, trailing slashes folded, and a cap after which new
 * templates share one overflow value.
 */
public final class Endpoints {
  /** The endpoint of requests that matched no route (404s, scanners, unknown methods). */
  public static final String UNMATCHED = "unmatched";

  /** The endpoint of requests answered by a static file handler. */
  public static final String STATIC = "static";

  /** The endpoint shared by all templates seen after the cap on distinct endpoints was reached. */
  public static final String OVERFLOW = "overflow";

  private Endpoints() {}

  /** {@code /products/} and {@code /products} are one endpoint; {@code /} stays {@code /}. */
  public static String normaliseTemplate(String template) {
    int end = template.length();
    while (end > 1 && template.charAt(end - 1) == '/') {
      end--;
    }
    if (end == 0) {
      return "/";
    }
    return end == template.length() ? template : template.substring(0, end);
  }
}
