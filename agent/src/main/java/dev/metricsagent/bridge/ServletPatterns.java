package dev.metricsagent.bridge;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The one pattern a servlet is mapped under, for Jetty 9.4 and 10's hook ({@code
 * ServletHandler.doHandle}): a request that reached a servlet mapped under one pattern matched
 * that pattern, so the container's path lookup ({@code getMatchedServlet(target)}, which Jetty
 * already made for the request) need not be made again. Known per servlet holder and per mapping
 * table (Jetty's {@code ServletMapping[]}, a new array whenever the mappings change), read from
 * the table once by reflection on its public getters; a servlet under several patterns, or a
 * pattern with a path-spec prefix ({@code regex|...}), is not known and the caller looks up.
 * Holders and tables are held weakly, as {@link WeakIdentitySet} holds its objects: a lookup is a
 * scan with no allocation and no lock, an addition (once per holder and table) copies the array.
 *
 * <pre>{@code
 * String pattern = ServletPatterns.sole(handler.getServletMappings(), holder, holder.getName());
 * }</pre>
 */
public final class ServletPatterns {
  private static final Entry[] NONE = new Entry[0];
  private static volatile Entry[] entries = NONE;

  private ServletPatterns() {}

  /**
   * The pattern the servlet {@code holder} (named {@code name}) is mapped under if it is its only
   * one in {@code mappings}, else null.
   */
  public static String sole(Object[] mappings, Object holder, String name) {
    if (mappings == null || holder == null || name == null) {
      return null;
    }
    for (Entry e : entries) {
      if (e.get() == holder && e.mappings.get() == mappings) {
        return e.pattern;
      }
    }
    return learn(mappings, holder, name);
  }

  private static synchronized String learn(Object[] mappings, Object holder, String name) {
    Entry[] known = entries;
    Entry[] more = new Entry[known.length + 1];
    int n = 0;
    for (Entry e : known) {
      Object h = e.get(); // the holder's entry for other mappings is replaced; dead ones dropped
      if (h != null && h != holder && e.mappings.get() != null) {
        more[n++] = e;
      }
    }
    String pattern = soleOf(mappings, name);
    more[n++] = new Entry(holder, mappings, pattern);
    entries = Arrays.copyOf(more, n);
    return pattern;
  }

  /** The one path spec the mappings give the servlet {@code name}, else null. */
  static String soleOf(Object[] mappings, String name) {
    String sole = null;
    try {
      for (Object m : mappings) {
        if (m == null || !name.equals(call(m, "getServletName"))) {
          continue;
        }
        Object specs = call(m, "getPathSpecs");
        if (!(specs instanceof String[])) {
          return null;
        }
        for (String spec : (String[]) specs) {
          if (sole != null || spec == null || spec.indexOf('|') >= 0) {
            return null; // a second pattern, or one Jetty reads other than as written
          }
          sole = spec;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    return sole;
  }

  private static Object call(Object o, String getter) throws ReflectiveOperationException {
    Method m = o.getClass().getMethod(getter);
    return m.invoke(o);
  }

  private static final class Entry extends WeakReference<Object> {
    final WeakReference<Object[]> mappings;
    final String pattern;

    Entry(Object holder, Object[] mappings, String pattern) {
      super(holder);
      this.mappings = new WeakReference<Object[]>(mappings);
      this.pattern = pattern;
    }
  }
}
