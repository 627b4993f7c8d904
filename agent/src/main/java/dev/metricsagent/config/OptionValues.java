package dev.metricsagent.config;

import dev.metricsagent.core.Endpoints;
import dev.metricsagent.core.NamingProfile;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Validation of single option values. Each error names the value, the option, its source and the
 * accepted form. Checks are hand-written, not regexes: premain loads no {@code Pattern}.
 */
final class OptionValues {
  private OptionValues() {}

  static int parseInt(Option o, Source s, int min, int max) throws AgentConfigException {
    try {
      int v = Integer.parseInt(s.value.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the accepted range
    }
    throw invalid(o, s, "an integer " + min + ".." + max);
  }

  static int parseSeconds(Option o, Source s) throws AgentConfigException {
    try {
      return parseInt(o, s, 1, 3600);
    } catch (AgentConfigException e) {
      throw invalid(o, s, "a whole number of seconds 1..3600, e.g. " + o.key + "=10");
    }
  }

  static boolean parseBoolean(Option o, Source s) throws AgentConfigException {
    String v = s.value.trim().toLowerCase(Locale.ROOT);
    if ("true".equals(v)) {
      return true;
    }
    if ("false".equals(v)) {
      return false;
    }
    throw invalid(o, s, "true or false");
  }

  static String parseHost(Source s) throws AgentConfigException {
    String h = s.value.trim();
    if (h.isEmpty() || !lettersDigitsOr(h, ".:-[]%")) {
      throw invalid(Option.HOST, s, "a host name or IP address to bind, e.g. 127.0.0.1 or 0.0.0.0");
    }
    return h;
  }

  static double[] parseBuckets(Source s) throws AgentConfigException {
    String[] parts = s.value.split("\\|"); // a one-character split: String's fast path, no Pattern
    double[] out = new double[parts.length];
    String accepted = "strictly increasing positive numbers separated by '|', e.g. 0.01|0.1|1|10";
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw invalid(Option.BUCKETS, s, accepted);
      }
      if (!(out[i] > 0) || Double.isInfinite(out[i]) || (i > 0 && out[i] <= out[i - 1])) {
        throw invalid(Option.BUCKETS, s, accepted);
      }
    }
    return out;
  }

  static Set<String> parseExclude(Source s) throws AgentConfigException {
    Set<String> out = new LinkedHashSet<String>();
    for (String part : s.value.split("\\|", -1)) {
      String t = part.trim();
      if (t.isEmpty() || !isPrintableWithoutSpace(t) || t.indexOf(',') >= 0) {
        throw invalid(Option.EXCLUDE, s, "route templates separated by '|', e.g. /health|/metrics");
      }
      out.add(Endpoints.normaliseTemplate(t)); // as the endpoint label: /health/ is /health
    }
    return Collections.unmodifiableSet(out);
  }

  /** A path to read later, where it is used: here only that it is given. */
  static void parsePath(Option o, Source s, String accepted) throws AgentConfigException {
    if (s.value.trim().isEmpty()) {
      throw invalid(o, s, accepted);
    }
  }

  static void parseEnvName(Option o, Source s) throws AgentConfigException {
    String name = s.value.trim();
    if (name.isEmpty() || Character.isDigit(name.charAt(0)) || !lettersDigitsOr(name, "_")) {
      throw invalid(
          o,
          s,
          "the name of an environment variable (letters, digits, '_'), e.g. METRICS_PASSWORD");
    }
  }

  static void parseUser(Source s) throws AgentConfigException {
    String u = s.value.trim();
    if (u.isEmpty() || u.indexOf(':') >= 0 || !isPrintableWithoutSpace(u)) {
      throw invalid(Option.AUTH_USER, s, "a user name without spaces or ':'");
    }
  }

  static double parseZeroThreshold(Option o, Source s) throws AgentConfigException {
    try {
      double v = Double.parseDouble(s.value.trim());
      if (v >= 0 && !Double.isInfinite(v)) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw invalid(o, s, "a number >= 0 in the histogram's unit (seconds, bytes), e.g. 0.0001");
  }

  /** One of {@link NamingProfile#NAMES}. */
  static String parseNaming(Source s) throws AgentConfigException {
    String v = s.value.trim().toLowerCase(Locale.ROOT);
    for (String n : NamingProfile.NAMES) {
      if (n.equals(v)) {
        return n;
      }
    }
    throw invalid(Option.NAMING, s, "one of prometheus, otel, micrometer");
  }

  /**
   * A Prometheus label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}, not {@code __}-prefixed: reserved),
   * other than the labels it sits next to.
   */
  static String parseLabelName(Option o, Source s, String... taken) throws AgentConfigException {
    String v = s.value.trim();
    boolean ok =
        !v.isEmpty()
            && !v.startsWith("__")
            && !(v.charAt(0) >= '0' && v.charAt(0) <= '9')
            && lettersDigitsOr(v, "_");
    for (String t : taken) {
      ok &= !t.equals(v);
    }
    if (!ok) {
      throw invalid(
          o, s, "a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __) other"
              + " than " + String.join(", ", taken) + ", e.g. " + o.key + "=route");
    }
    return v;
  }

  /** A label value the agent argument string can carry: printable, no space, ',' or '='. */
  static String parseServiceName(Source s) throws AgentConfigException {
    String v = s.value.trim();
    if (v.isEmpty() || !isPrintableWithoutSpace(v) || v.indexOf(',') >= 0 || v.indexOf('=') >= 0) {
      throw invalid(
          Option.SERVICE_NAME, s, "a name without spaces, ',' or '=', e.g. service_name=checkout");
    }
    return v;
  }

  static AgentConfigException invalid(Option o, Source s, String accepted) {
    return new AgentConfigException(
        "invalid value '"
            + s.value
            + "' for option "
            + o.key
            + " (from "
            + s.origin
            + "): expected "
            + accepted);
  }

  private static boolean isPrintableWithoutSpace(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Only ASCII letters and digits, and the characters of {@code others}. */
  private static boolean lettersDigitsOr(String s, String others) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || others.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
