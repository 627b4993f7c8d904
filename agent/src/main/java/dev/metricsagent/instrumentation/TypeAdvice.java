package dev.metricsagent.instrumentation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * What a {@link TypeInstrumentation} weaves into its type: advice classes, each applied to the
 * declared methods a matcher selects. An advice class holds static {@code @Advice.OnMethodEnter} /
 * {@code @Advice.OnMethodExit} methods that Byte Buddy inlines; it is named by its class here and
 * read from the agent jar as a class file, never linked in the agent's loader (its signatures name
 * framework types the agent cannot see).
 */
public final class TypeAdvice {
  private final List<Entry> entries = new ArrayList<>();

  /**
   * Advice the module cannot work without: a type that declares no matching method is a
   * framework version we do not support, reported in one warning, and the module weaves nothing
   * into it.
   *
   * @param describedAs the method as the warning names it, e.g. {@code RouteMatch find(HttpMethod,
   *     String, String)}
   */
  public TypeAdvice required(
      ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass, String describedAs) {
    entries.add(new Entry(methods, adviceClass.getName(), describedAs));
    return this;
  }

  /**
   * {@link #required(ElementMatcher, Class, String)} with the advice class by binary name: for
   * advice built for a newer Java than the agent (Javalin 7's: 17), which the agent's own classes
   * must not link against.
   */
  public TypeAdvice required(
      ElementMatcher<? super MethodDescription> methods, String adviceClass, String describedAs) {
    entries.add(new Entry(methods, adviceClass, describedAs));
    return this;
  }

  /** {@link #optional(ElementMatcher, Class)} with the advice class by binary name. */
  public TypeAdvice optional(
      ElementMatcher<? super MethodDescription> methods, String adviceClass) {
    entries.add(new Entry(methods, adviceClass, null));
    return this;
  }

  /** Advice for methods a version may lack; without them the rest still works. */
  public TypeAdvice optional(
      ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass) {
    entries.add(new Entry(methods, adviceClass.getName(), null));
    return this;
  }

  List<Entry> entries() {
    return Collections.unmodifiableList(entries);
  }

  static final class Entry {
    final ElementMatcher<? super MethodDescription> methods;
    final String adviceClass;
    /** Null for optional advice. */
    final String requiredAs;

    Entry(ElementMatcher<? super MethodDescription> methods, String adviceClass, String requiredAs) {
      this.methods = methods;
      this.adviceClass = adviceClass;
      this.requiredAs = requiredAs;
    }
  }
}
