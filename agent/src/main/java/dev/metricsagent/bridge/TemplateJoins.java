package dev.metricsagent.bridge;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Route templates joined from two parts (a web app's context path and a framework's template,
 * Jersey's resource path and its method's path, see {@code JerseyResponderAdvice}), joined once
 * and then looked up: a request pays
 * two map reads and no allocation. Keyed by the parts' text, never by an app object, so nothing
 * here keeps a web app alive. Bounded: past {@link #MAX} joins a join is built per call (the
 * labels stay right; only the saving is lost), which apps with sane route counts never reach.
 */
public final class TemplateJoins {
  static final int MAX = 10_000;

  private static final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> JOINS =
      new ConcurrentHashMap<String, ConcurrentHashMap<String, String>>();
  /** {@link #joinPath}'s joins, apart: the same two texts join differently there. */
  private static final ConcurrentHashMap<String, ConcurrentHashMap<String, String>> PATH_JOINS =
      new ConcurrentHashMap<String, ConcurrentHashMap<String, String>>();
  private static final AtomicInteger COUNT = new AtomicInteger();

  private TemplateJoins() {}

  /**
   * {@code prefix + template}, with a slash between them when the template has none ({@code
   * /app1} and {@code *.jsp}: {@code /app1/*.jsp}); {@code template} itself when the prefix is
   * empty or null.
   */
  public static String join(String prefix, String template) {
    if (prefix == null || prefix.isEmpty() || template == null) {
      return template;
    }
    ConcurrentHashMap<String, String> byTemplate = JOINS.get(prefix);
    String joined = byTemplate == null ? null : byTemplate.get(template);
    if (joined != null) {
      return joined;
    }
    joined =
        template.isEmpty() || template.charAt(0) == '/'
            ? prefix.concat(template)
            : prefix + "/" + template;
    return remember(JOINS, prefix, template, joined);
  }

  /**
   * Path parts joined as one path (Jersey's matched templates, outermost first: {@code /}, {@code
   * /items/{itemid}/}, {@code /tracks/{num}}): one slash between parts, never two; a part that
   * is only slashes adds nothing; {@code part} itself when the prefix is empty or null. A
   * trailing slash is left for the core to fold, as every stack's.
   */
  public static String joinPath(String prefix, String part) {
    if (prefix == null || prefix.isEmpty() || part == null) {
      return part;
    }
    ConcurrentHashMap<String, String> byPart = PATH_JOINS.get(prefix);
    String joined = byPart == null ? null : byPart.get(part);
    return joined != null ? joined : remember(PATH_JOINS, prefix, part, pathJoined(prefix, part));
  }

  static String pathJoined(String prefix, String part) {
    int start = 0;
    while (start < part.length() && part.charAt(start) == '/') {
      start++;
    }
    if (start == part.length()) {
      return prefix;
    }
    int end = prefix.length();
    while (end > 0 && prefix.charAt(end - 1) == '/') {
      end--;
    }
    return prefix.substring(0, end) + "/" + part.substring(start);
  }

  private static String remember(
      ConcurrentHashMap<String, ConcurrentHashMap<String, String>> joins,
      String prefix,
      String template,
      String joined) {
    if (COUNT.get() >= MAX) {
      return joined;
    }
    ConcurrentHashMap<String, String> byTemplate = joins.get(prefix);
    if (byTemplate == null) {
      ConcurrentHashMap<String, String> fresh = new ConcurrentHashMap<String, String>();
      byTemplate = joins.putIfAbsent(prefix, fresh);
      if (byTemplate == null) {
        byTemplate = fresh;
      }
    }
    String prev = byTemplate.putIfAbsent(template, joined);
    if (prev != null) {
      return prev;
    }
    COUNT.incrementAndGet();
    return joined;
  }
}
