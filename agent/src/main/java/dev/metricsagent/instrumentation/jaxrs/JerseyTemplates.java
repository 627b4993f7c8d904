package dev.metricsagent.instrumentation.jaxrs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An app's route templates as JAX-RS matches a request path against them: most specific first
 * (more literal characters, then more variables, then more variables with their own regular
 * expression), a variable {@code {name}} one path segment, {@code {name: regex}} its regex; a
 * trailing slash on either side ignored, as Jersey does. For a request a servlet filter answered
 * before Jersey saw it ({@link JerseyServletApps}): only a template can come out, never the
 * client's path.
 */
final class JerseyTemplates {
  private final List<String> templates;
  private final List<Pattern> patterns;

  private JerseyTemplates(List<String> templates, List<Pattern> patterns) {
    this.templates = templates;
    this.patterns = patterns;
  }

  /** The templates (full paths, as joined for the inventory), ordered once. */
  static JerseyTemplates of(Collection<String> templates) {
    List<String> sorted = new ArrayList<>(new LinkedHashSet<>(templates));
    Collections.sort(
        sorted,
        Comparator.comparingInt((String t) -> -literalChars(t))
            .thenComparingInt(t -> -variables(t, false))
            .thenComparingInt(t -> -variables(t, true)));
    List<Pattern> patterns = new ArrayList<>(sorted.size());
    for (String t : sorted) {
      patterns.add(Pattern.compile(regex(t)));
    }
    return new JerseyTemplates(Collections.unmodifiableList(sorted), patterns);
  }

  /** The most specific template {@code path} matches, or null. */
  String match(String path) {
    String p = trimSlash(path == null || path.isEmpty() ? "/" : path);
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(p).matches()) {
        return templates.get(i);
      }
    }
    return null;
  }

  List<String> templates() {
    return templates;
  }

  /** The template as a regular expression over a path with no trailing slash. */
  static String regex(String template) {
    String t = trimSlash(template);
    StringBuilder out = new StringBuilder();
    int literalStart = 0;
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) != '{') {
        continue;
      }
      int end = variableEnd(t, i);
      if (end < 0) {
        break; // unbalanced: the rest is literal
      }
      if (i > literalStart) {
        out.append(Pattern.quote(t.substring(literalStart, i)));
      }
      String variable = t.substring(i + 1, end);
      int colon = variable.indexOf(':');
      out.append('(')
          .append(colon < 0 ? "[^/]+" : variable.substring(colon + 1).trim())
          .append(')');
      literalStart = end + 1;
      i = end;
    }
    if (literalStart < t.length()) {
      out.append(Pattern.quote(t.substring(literalStart)));
    }
    return out.toString();
  }

  /** The index of the brace closing the variable opened at {@code open}, or -1. */
  private static int variableEnd(String t, int open) {
    int depth = 0;
    for (int i = open; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  static int literalChars(String template) {
    String t = trimSlash(template);
    int n = 0;
    for (int i = 0; i < t.length(); i++) {
      int end = t.charAt(i) == '{' ? variableEnd(t, i) : -1;
      if (end < 0) {
        n++;
      } else {
        i = end;
      }
    }
    return n;
  }

  /** Variables in the template; {@code ownRegex}: only those with a regular expression. */
  static int variables(String template, boolean ownRegex) {
    int n = 0;
    for (int i = 0; i < template.length(); i++) {
      int end = template.charAt(i) == '{' ? variableEnd(template, i) : -1;
      if (end >= 0) {
        if (!ownRegex || template.substring(i, end).indexOf(':') >= 0) {
          n++;
        }
        i = end;
      }
    }
    return n;
  }

  private static String trimSlash(String s) {
    int end = s.length();
    while (end > 1 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }
}
