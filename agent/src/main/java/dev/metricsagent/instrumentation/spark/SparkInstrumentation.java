package dev.metricsagent.instrumentation.spark;

import dev.metricsagent.bridge.Bridge;
import dev.metricsagent.bridge.RouteLister;
import dev.metricsagent.instrumentation.Hook;
import dev.metricsagent.instrumentation.HookAdvice;
import dev.metricsagent.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * SparkJava 2.x: times {@code MatcherFilter.doFilter} (static files, filters, route, error
 * handling and body serialisation: everything Spark does for a request), and takes the route
 * template from the first {@code Routes.find} inside it. A request a filter stopped before any
 * lookup gets one at exit, the same lookup Spark would have done. Route registrations ({@code
 * Routes.add}, {@code addRoute} before 2.6), removals and {@code clear} feed the route inventory.
 *
 * <p>Advice is inlined into Spark's classes and so may reference only Spark, servlet and JDK
 * types, and {@link Bridge} (on the bootstrap class path).
 */
public final class SparkInstrumentation implements InstrumentationModule {
  static final String MATCHER_FILTER = "spark.http.matching.MatcherFilter";
  static final String ROUTES = "spark.route.Routes";
  static final String STATIC_FILES = "spark.staticfiles.StaticFilesConfiguration";

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public RouteLister routeLister() {
    return new SparkRouteLister();
  }

  /** Each hook is plain data: ASM is first used when its type first loads. */
  @Override
  public List<Hook> hooks() {
    return Arrays.asList(
        new Hook(
            MATCHER_FILTER,
            SparkInstrumentation::doFilter,
            new RequestAdvice(),
            "doFilter(ServletRequest, ServletResponse, FilterChain)"),
        new Hook(
            ROUTES,
            SparkInstrumentation::find,
            new FindAdvice(),
            "RouteMatch find(HttpMethod, String, String)"),
        // optional: without them the inventory misses routes, requests are still measured
        new Hook(ROUTES, SparkInstrumentation::add, new AddAdvice(), null),
        new Hook(ROUTES, SparkInstrumentation::removeRoute, new RemoveAdvice(), null),
        new Hook(ROUTES, SparkInstrumentation::clear, new ClearAdvice(), null),
        new Hook(STATIC_FILES, SparkInstrumentation::consume, new StaticFilesAdvice(), null));
  }

  private static final String HTTP_METHOD = "spark/route/HttpMethod";
  private static final String HTTP_METHOD_DESC = "L" + HTTP_METHOD + ";";
  private static final String ROUTES_TYPE = "spark/route/Routes";
  private static final String ROUTE_MATCH = "spark/routematch/RouteMatch";
  private static final String STRING_DESC = "Ljava/lang/String;";
  private static final String REQ = "javax/servlet/http/HttpServletRequest";
  private static final String RESP = "javax/servlet/http/HttpServletResponse";
  private static final String BRIDGE = "dev/metricsagent/bridge/Bridge";
  private static final String STATE = "dev/metricsagent/bridge/RequestState";
  private static final String STATE_DESC = "L" + STATE + ";";

  private static boolean isPublic(int access) {
    return (access & Opcodes.ACC_PUBLIC) != 0;
  }

  private static boolean isPrivate(int access) {
    return (access & Opcodes.ACC_PRIVATE) != 0;
  }

  private static Type[] args(String desc) {
    return Type.getArgumentTypes(desc);
  }

  /** public doFilter(javax.servlet.ServletRequest, javax.servlet.ServletResponse, any) */
  private static boolean doFilter(int access, String name, String desc) {
    if (!name.equals("doFilter") || !isPublic(access)) {
      return false;
    }
    Type[] a = args(desc);
    return a.length == 3
        && a[0].getDescriptor().equals("Ljavax/servlet/ServletRequest;")
        && a[1].getDescriptor().equals("Ljavax/servlet/ServletResponse;");
  }

  /** public RouteMatch find(HttpMethod, any, any) */
  private static boolean find(int access, String name, String desc) {
    if (!name.equals("find") || !isPublic(access)) {
      return false;
    }
    Type[] a = args(desc);
    return a.length == 3
        && a[0].getDescriptor().equals(HTTP_METHOD_DESC)
        && Type.getReturnType(desc).getInternalName().equals(ROUTE_MATCH);
  }

  /** public boolean consume(any, any) */
  private static boolean consume(int access, String name, String desc) {
    return name.equals("consume")
        && isPublic(access)
        && args(desc).length == 2
        && Type.getReturnType(desc) == Type.BOOLEAN_TYPE;
  }

  /** private add(HttpMethod, String path, String acceptType, Object target); addRoute before 2.6 */
  private static boolean add(int access, String name, String desc) {
    if (!(name.equals("add") || name.equals("addRoute")) || !isPrivate(access)) {
      return false;
    }
    Type[] a = args(desc);
    return a.length == 4
        && a[0].getDescriptor().equals(HTTP_METHOD_DESC)
        && a[1].getDescriptor().equals(STRING_DESC);
  }

  /** removeRoute(HttpMethod, String) returning boolean, any access */
  private static boolean removeRoute(int access, String name, String desc) {
    if (!name.equals("removeRoute")) {
      return false;
    }
    Type[] a = args(desc);
    return a.length == 2
        && a[0].getDescriptor().equals(HTTP_METHOD_DESC)
        && a[1].getDescriptor().equals(STRING_DESC)
        && Type.getReturnType(desc) == Type.BOOLEAN_TYPE;
  }

  /** public clear() */
  private static boolean clear(int access, String name, String desc) {
    return name.equals("clear") && isPublic(access) && args(desc).length == 0;
  }

  /** Pushes {@code slot == null ? null : ((HttpMethod) slot).name()}. */
  private static void methodNameOrNull(MethodVisitor mv, int slot) {
    Label isNull = new Label();
    Label done = new Label();
    mv.visitVarInsn(Opcodes.ALOAD, slot);
    mv.visitJumpInsn(Opcodes.IFNULL, isNull);
    mv.visitVarInsn(Opcodes.ALOAD, slot);
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HTTP_METHOD, "name", "()" + STRING_DESC, false);
    mv.visitJumpInsn(Opcodes.GOTO, done);
    mv.visitLabel(isNull);
    mv.visitInsn(Opcodes.ACONST_NULL);
    mv.visitLabel(done);
  }

  private static void bridge(MethodVisitor mv, String method, String desc) {
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, method, desc, false);
  }

  private static void header(MethodVisitor mv, int req, String name) {
    mv.visitVarInsn(Opcodes.ALOAD, req);
    mv.visitLdcInsn(name);
    mv.visitMethodInsn(
        Opcodes.INVOKEINTERFACE, REQ, "getHeader", "(" + STRING_DESC + ")" + STRING_DESC, true);
  }

  /**
   * Around {@code MatcherFilter.doFilter}: one request, from entry to the status sent. As Java:
   *
   * <pre>{@code
   * enter:  state = Bridge.requestStart();
   * exit (also on a throw; thrown = the exception or null; routes = this.routeMatcher):
   *   HttpServletRequest req = (HttpServletRequest) request;
   *   HttpServletResponse http = (HttpServletResponse) response;
   *   if (state != null && state.noRouteLookup() && routes != null) {
   *     // Stopped before routing (a filter halted or threw): look the route up as Spark would
   *     // have, method override and HEAD-as-GET included. Never reached on the normal path.
   *     try {
   *       String m = req.getHeader("X-HTTP-Method-Override");
   *       HttpMethod method = HttpMethod.get((m != null ? m : req.getMethod()).toLowerCase());
   *       String accept = req.getHeader("Accept");
   *       RouteMatch match = routes.find(method, req.getRequestURI(), accept);
   *       if (match == null && method == HttpMethod.head) {
   *         match = routes.find(HttpMethod.get, req.getRequestURI(), accept);
   *       }
   *       if (match != null) {
   *         Bridge.routeFoundLate(state, method.name(), match.getMatchUri());
   *       }
   *     } catch (Throwable ignored) {
   *       // recorded as unmatched; the request itself must still be recorded below
   *     }
   *   }
   *   // an exception escaping Spark becomes the container's 500 unless a status was already sent
   *   int status = thrown == null || http.isCommitted() ? http.getStatus() : 500;
   *   Bridge.requestEnd(state, request, response, req.getMethod(), status,
   *       Bridge.traceparentWanted() ? req.getHeader("traceparent") : null);
   * }</pre>
   */
  static final class RequestAdvice extends HookAdvice {
    @Override
    public boolean hasEnter() {
      return true;
    }

    @Override
    public boolean onThrowable() {
      return true;
    }

    @Override
    public void enter(MethodVisitor mv, Frame f) {
      bridge(mv, "requestStart", "()" + STATE_DESC);
    }

    @Override
    public void exit(MethodVisitor mv, Frame f) {
      String routesDesc = f.fieldDescriptor("routeMatcher");
      if (!("L" + ROUTES_TYPE + ";").equals(routesDesc)) {
        throw new IllegalStateException(
            f.owner() + " has no field routeMatcher of type spark.route.Routes: " + routesDesc);
      }
      int state = f.enterValue();
      int req = f.temp(0);
      int http = f.temp(1);
      int routes = f.temp(2);
      int m = f.temp(3);
      int method = f.temp(4);
      int accept = f.temp(5);
      int match = f.temp(6);
      int status = f.temp(7);
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitFieldInsn(Opcodes.GETFIELD, f.owner(), "routeMatcher", routesDesc);
      mv.visitVarInsn(Opcodes.ASTORE, routes);
      mv.visitVarInsn(Opcodes.ALOAD, f.arg(0));
      mv.visitTypeInsn(Opcodes.CHECKCAST, REQ);
      mv.visitVarInsn(Opcodes.ASTORE, req);
      mv.visitVarInsn(Opcodes.ALOAD, f.arg(1));
      mv.visitTypeInsn(Opcodes.CHECKCAST, RESP);
      mv.visitVarInsn(Opcodes.ASTORE, http);

      Label afterLookup = new Label();
      mv.visitVarInsn(Opcodes.ALOAD, state);
      mv.visitJumpInsn(Opcodes.IFNULL, afterLookup);
      mv.visitVarInsn(Opcodes.ALOAD, state);
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, STATE, "noRouteLookup", "()Z", false);
      mv.visitJumpInsn(Opcodes.IFEQ, afterLookup);
      mv.visitVarInsn(Opcodes.ALOAD, routes);
      mv.visitJumpInsn(Opcodes.IFNULL, afterLookup);
      Label tryStart = new Label();
      Label tryEnd = new Label();
      Label handler = new Label();
      mv.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/Throwable");
      mv.visitLabel(tryStart);
      header(mv, req, "X-HTTP-Method-Override");
      mv.visitVarInsn(Opcodes.ASTORE, m);
      Label haveM = new Label();
      mv.visitVarInsn(Opcodes.ALOAD, m);
      mv.visitJumpInsn(Opcodes.IFNONNULL, haveM);
      mv.visitVarInsn(Opcodes.ALOAD, req);
      mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, REQ, "getMethod", "()" + STRING_DESC, true);
      mv.visitVarInsn(Opcodes.ASTORE, m);
      mv.visitLabel(haveM);
      mv.visitVarInsn(Opcodes.ALOAD, m);
      mv.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL, "java/lang/String", "toLowerCase", "()" + STRING_DESC, false);
      mv.visitMethodInsn(
          Opcodes.INVOKESTATIC, HTTP_METHOD, "get", "(" + STRING_DESC + ")" + HTTP_METHOD_DESC,
          false);
      mv.visitVarInsn(Opcodes.ASTORE, method);
      header(mv, req, "Accept");
      mv.visitVarInsn(Opcodes.ASTORE, accept);
      find(mv, routes, req, accept, method);
      mv.visitVarInsn(Opcodes.ASTORE, match);
      Label found = new Label();
      mv.visitVarInsn(Opcodes.ALOAD, match);
      mv.visitJumpInsn(Opcodes.IFNONNULL, found);
      mv.visitVarInsn(Opcodes.ALOAD, method);
      mv.visitFieldInsn(Opcodes.GETSTATIC, HTTP_METHOD, "head", HTTP_METHOD_DESC);
      mv.visitJumpInsn(Opcodes.IF_ACMPNE, found);
      find(mv, routes, req, accept, -1);
      mv.visitVarInsn(Opcodes.ASTORE, match);
      mv.visitLabel(found);
      mv.visitVarInsn(Opcodes.ALOAD, match);
      mv.visitJumpInsn(Opcodes.IFNULL, tryEnd);
      mv.visitVarInsn(Opcodes.ALOAD, state);
      mv.visitVarInsn(Opcodes.ALOAD, method);
      mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, HTTP_METHOD, "name", "()" + STRING_DESC, false);
      mv.visitVarInsn(Opcodes.ALOAD, match);
      mv.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL, ROUTE_MATCH, "getMatchUri", "()" + STRING_DESC, false);
      bridge(mv, "routeFoundLate", "(" + STATE_DESC + STRING_DESC + STRING_DESC + ")V");
      mv.visitLabel(tryEnd);
      mv.visitJumpInsn(Opcodes.GOTO, afterLookup);
      mv.visitLabel(handler);
      mv.visitInsn(Opcodes.POP);
      mv.visitLabel(afterLookup);

      Label getStatus = new Label();
      Label haveStatus = new Label();
      mv.visitVarInsn(Opcodes.ALOAD, f.thrown());
      mv.visitJumpInsn(Opcodes.IFNULL, getStatus);
      mv.visitVarInsn(Opcodes.ALOAD, http);
      mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, RESP, "isCommitted", "()Z", true);
      mv.visitJumpInsn(Opcodes.IFNE, getStatus);
      mv.visitIntInsn(Opcodes.SIPUSH, 500);
      mv.visitJumpInsn(Opcodes.GOTO, haveStatus);
      mv.visitLabel(getStatus);
      mv.visitVarInsn(Opcodes.ALOAD, http);
      mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, RESP, "getStatus", "()I", true);
      mv.visitLabel(haveStatus);
      mv.visitVarInsn(Opcodes.ISTORE, status);

      mv.visitVarInsn(Opcodes.ALOAD, state);
      mv.visitVarInsn(Opcodes.ALOAD, f.arg(0));
      mv.visitVarInsn(Opcodes.ALOAD, f.arg(1));
      mv.visitVarInsn(Opcodes.ALOAD, req);
      mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, REQ, "getMethod", "()" + STRING_DESC, true);
      mv.visitVarInsn(Opcodes.ILOAD, status);
      Label noTrace = new Label();
      Label haveTrace = new Label();
      bridge(mv, "traceparentWanted", "()Z");
      mv.visitJumpInsn(Opcodes.IFEQ, noTrace);
      header(mv, req, "traceparent");
      mv.visitJumpInsn(Opcodes.GOTO, haveTrace);
      mv.visitLabel(noTrace);
      mv.visitInsn(Opcodes.ACONST_NULL);
      mv.visitLabel(haveTrace);
      bridge(
          mv,
          "requestEnd",
          "(" + STATE_DESC + "Ljava/lang/Object;Ljava/lang/Object;" + STRING_DESC + "I"
              + STRING_DESC + ")V");
    }

    /** Pushes {@code routes.find(method, req.getRequestURI(), accept)}; method -1: HttpMethod.get */
    private static void find(MethodVisitor mv, int routes, int req, int accept, int method) {
      mv.visitVarInsn(Opcodes.ALOAD, routes);
      if (method >= 0) {
        mv.visitVarInsn(Opcodes.ALOAD, method);
      } else {
        mv.visitFieldInsn(Opcodes.GETSTATIC, HTTP_METHOD, "get", HTTP_METHOD_DESC);
      }
      mv.visitVarInsn(Opcodes.ALOAD, req);
      mv.visitMethodInsn(
          Opcodes.INVOKEINTERFACE, REQ, "getRequestURI", "()" + STRING_DESC, true);
      mv.visitVarInsn(Opcodes.ALOAD, accept);
      mv.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL,
          ROUTES_TYPE,
          "find",
          "(" + HTTP_METHOD_DESC + STRING_DESC + STRING_DESC + ")L" + ROUTE_MATCH + ";",
          false);
    }
  }

  /**
   * After {@code Routes.find}: the routed method and the matched template (first one wins).
   *
   * <pre>{@code
   * Bridge.routeFound(method == null ? null : method.name(), match == null ? null : match.getMatchUri());
   * Bridge.routeTableInUse(this); // after attach: lists the routes registered before it
   * }</pre>
   */
  static final class FindAdvice extends HookAdvice {
    @Override
    public void exit(MethodVisitor mv, Frame f) {
      methodNameOrNull(mv, f.arg(0));
      Label isNull = new Label();
      Label done = new Label();
      mv.visitVarInsn(Opcodes.ALOAD, f.returned());
      mv.visitJumpInsn(Opcodes.IFNULL, isNull);
      mv.visitVarInsn(Opcodes.ALOAD, f.returned());
      mv.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL, ROUTE_MATCH, "getMatchUri", "()" + STRING_DESC, false);
      mv.visitJumpInsn(Opcodes.GOTO, done);
      mv.visitLabel(isNull);
      mv.visitInsn(Opcodes.ACONST_NULL);
      mv.visitLabel(done);
      bridge(mv, "routeFound", "(" + STRING_DESC + STRING_DESC + ")V");
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      bridge(mv, "routeTableInUse", "(Ljava/lang/Object;)V");
    }
  }

  /** After {@code StaticFilesConfiguration.consume}: {@code if (consumed) staticResourceServed()}. */
  static final class StaticFilesAdvice extends HookAdvice {
    @Override
    public void exit(MethodVisitor mv, Frame f) {
      Label skip = new Label();
      mv.visitVarInsn(Opcodes.ILOAD, f.returned());
      mv.visitJumpInsn(Opcodes.IFEQ, skip);
      bridge(mv, "staticResourceServed", "()V");
      mv.visitLabel(skip);
    }
  }

  /**
   * After the private {@code Routes.add}: every route and filter the app registers. {@code
   * Bridge.routeAdded(method == null ? null : method.name(), path)}; the core ignores anything
   * that is not an HTTP method (filters, null).
   */
  static final class AddAdvice extends HookAdvice {
    @Override
    public void exit(MethodVisitor mv, Frame f) {
      methodNameOrNull(mv, f.arg(0));
      mv.visitVarInsn(Opcodes.ALOAD, f.arg(1));
      bridge(mv, "routeAdded", "(" + STRING_DESC + STRING_DESC + ")V");
    }
  }

  /**
   * After {@code Routes.removeRoute}: {@code unmap(path[, method])}; null method means all. {@code
   * if (removed) Bridge.routeRemoved(method == null ? null : method.name(), path)}
   */
  static final class RemoveAdvice extends HookAdvice {
    @Override
    public void exit(MethodVisitor mv, Frame f) {
      Label skip = new Label();
      mv.visitVarInsn(Opcodes.ILOAD, f.returned());
      mv.visitJumpInsn(Opcodes.IFEQ, skip);
      methodNameOrNull(mv, f.arg(0));
      mv.visitVarInsn(Opcodes.ALOAD, f.arg(1));
      bridge(mv, "routeRemoved", "(" + STRING_DESC + STRING_DESC + ")V");
      mv.visitLabel(skip);
    }
  }

  /** After {@code Routes.clear}: {@code Spark.stop()} and friends drop every route. */
  static final class ClearAdvice extends HookAdvice {
    @Override
    public void exit(MethodVisitor mv, Frame f) {
      bridge(mv, "routesCleared", "()V");
    }
  }
}
