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
    return joined != null ? joined : joinOnce(prefix, template);
  }

  private static String joinOnce(String prefix, String template) {
    String joined =
        template.isEmpty() || template.charAt(0) == '/'
            ? prefix.concat(template)
            : prefix + "/" + template;
    if (COUNT.get() >= MAX) {
      return joined;
    }
    ConcurrentHashMap<String, String> byTemplate = JOINS.get(prefix);
    if (byTemplate == null) {
      ConcurrentHashMap<String, String> fresh = new ConcurrentHashMap<String, String>();
      byTemplate = JOINS.putIfAbsent(prefix, fresh);
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
