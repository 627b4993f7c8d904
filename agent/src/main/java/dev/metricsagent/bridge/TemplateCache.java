package dev.metricsagent.bridge;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Templates joined from a framework's matched path parts (Jersey's {@code UriTemplate}s of the
 * resource classes and method a request matched), cached per matched framework object (the
 * resource method), so the join runs once per route, not per request.
 */
public final class TemplateCache {
  private static final int MAX_CACHED_TEMPLATES = 10_000;
  private static final ConcurrentHashMap<Object, String> TEMPLATES =
      new ConcurrentHashMap<Object, String>();

  /** {@code getTemplate()} of a path part's class. */
  private static final ClassValue<Method> GET_TEMPLATE =
      new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> c) {
          try {
            return c.getMethod("getTemplate");
          } catch (NoSuchMethodException | RuntimeException e) {
            return null;
          }
        }
      };

  private TemplateCache() {}

  /** The template joined before for {@code key}, or null. */
  public static String get(Object key) {
    return key == null ? null : TEMPLATES.get(key);
  }

  /**
   * Joins {@code parts} (innermost first, as Jersey's {@code getMatchedTemplates()} lists them;
   * each with a {@code getTemplate()}), {@code /} if there are none, and remembers the result for
   * {@code key} (null: not cacheable, up to a fixed number of keys). Null if a part cannot be
   * read: the request is then unmatched.
   */
  public static String join(List<?> parts, Object key) {
    StringBuilder joined = new StringBuilder();
    try {
      for (int i = parts.size() - 1; i >= 0; i--) {
        Object part = parts.get(i);
        joined.append(GET_TEMPLATE.get(part.getClass()).invoke(part));
      }
    } catch (Throwable t) {
      RecorderFailure.report(t);
      return null;
    }
    String template = joined.length() == 0 ? "/" : joined.toString();
    if (key != null && TEMPLATES.size() < MAX_CACHED_TEMPLATES) {
      TEMPLATES.putIfAbsent(key, template);
    }
    return template;
  }
}
