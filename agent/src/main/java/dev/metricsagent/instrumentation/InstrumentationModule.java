package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.RouteFinder;
import dev.metricsagent.bridge.RouteLister;
import java.util.Collections;
import java.util.List;

/**
 * One framework: the types it hooks (by exact name), the advice for each, and the framework
 * members that advice calls. Everything here is names and small objects: Byte Buddy is first used
 * when a hooked type loads, so an app without the framework pays one hash lookup per class.
 *
 * <pre>{@code
 * public final class SparkModule implements InstrumentationModule {
 *   public String name() { return "spark"; }
 *   public List<TypeInstrumentation> types() {
 *     return Arrays.asList(new MatcherFilterInstrumentation(), new RoutesInstrumentation());
 *   }
 *   public List<Reference> references() { return Arrays.asList(Reference.method(...), ...); }
 * }
 * }</pre>
 */
public interface InstrumentationModule {

  /** Short name used in log lines, e.g. {@code spark}. */
  String name();

  /** The types this module weaves, each with its advice. */
  List<TypeInstrumentation> types();

  /**
   * The framework members the module's advice uses. Checked against a class loader before
   * anything of this module is woven into its classes: one missing member turns the module off
   * for that loader, with one warning, instead of a {@code NoSuchMethodError} or {@code
   * VerifyError} in the app. {@code AdviceReferencesTest} keeps the list equal to what the advice calls.
   */
  List<Reference> references();

  /**
   * Lists the routes an app registered before the agent attached, or null if the module cannot.
   */
  default RouteLister routeLister() {
    return null;
  }

  /**
   * Looks up the route a request answered before routing would have matched, for the module's
   * advice ({@code Requests.findLate(name(), ...)}), or null if the module has no such lookup.
   */
  default RouteFinder routeFinder() {
    return null;
  }

  /**
   * The module whose requests this one names from inside (Quarkus REST runs on a Vert.x Web
   * route), or null: a request that module's {@link #routeFinder} finds no route for (refused
   * before it reached this framework) is then looked up by this module's finder, with the
   * arguments that module's advice passed.
   */
  default String runsInside() {
    return null;
  }

  /**
   * A type without which the module does not apply in a class loader, silently (no warning), or
   * null: it always applies. For modules that hook the same container class for different APIs
   * (Tomcat 9's javax, Tomcat 10's jakarta): in Tomcat 10 the javax module is not an unsupported
   * version, it is simply not the app's API. The same for one framework's version lines that hook
   * the same class names with other members (Javalin 6 and 7): where the type is missing the app
   * has the other line, which its own module serves.
   */
  default String requiredType() {
    return null;
  }

  /**
   * The named JDK module whose classes this module's advice is woven into ({@code
   * jdk.httpserver}), or null. A named module reads no unnamed one, so the agent adds a read edge
   * from it to the bridge's module (the boot loader's unnamed module) before weaving.
   */
  default String jdkModule() {
    return null;
  }

  /**
   * Servlet classes whose routes this module lists itself (Javalin's {@code JavalinServlet},
   * Spring's {@code DispatcherServlet}, Jersey's {@code ServletContainer}): the servlet modules
   * then list no {@code ANY} route for their mappings, which would only repeat the framework's
   * routes as one catch-all. Their pattern still names a request the framework never looked up.
   */
  default List<String> servedServlets() {
    return Collections.emptyList();
  }

  /** For modules whose advice calls nothing but the JDK and the bridge. */
  static List<Reference> noReferences() {
    return Collections.emptyList();
  }
}
