package dev.metricsagent.instrumentation.servlet;

import dev.metricsagent.instrumentation.Reference;
import java.util.ArrayList;
import java.util.List;

/** The servlet API members the servlet advice calls, for {@code javax} or {@code jakarta}. */
final class ServletReferences {
  private static final String STRING = "Ljava/lang/String;";
  private static final String OBJECT = "Ljava/lang/Object;";

  private ServletReferences() {}

  /**
   * @param api {@code javax.servlet} or {@code jakarta.servlet}
   * @param mapping whether the advice reads {@code getHttpServletMapping()} (Servlet 4+)
   * @param names whether it reads the mapping's servlet name (the container's default servlet,
   *     Jetty's {@code Default404Servlet} are no routes)
   */
  static List<Reference> of(String api, boolean mapping, boolean names) {
    String request = api + ".http.HttpServletRequest";
    String response = api + ".http.HttpServletResponse";
    String dispatcherType = "L" + api.replace('.', '/') + "/DispatcherType;";
    List<Reference> refs = new ArrayList<Reference>();
    refs.add(Reference.type(api + ".AsyncListener"));
    refs.add(Reference.method(request, "getDispatcherType", "()" + dispatcherType));
    refs.add(Reference.field(api + ".DispatcherType", "REQUEST", dispatcherType));
    refs.add(Reference.method(request, "getAttribute", "(" + STRING + ")" + OBJECT));
    refs.add(
        Reference.method(
            request, "getServletContext", "()L" + slash(api + ".ServletContext") + ";"));
    refs.add(Reference.method(api + ".ServletContext", "getContextPath", "()" + STRING));
    refs.add(Reference.method(request, "getHeader", "(" + STRING + ")" + STRING));
    refs.add(Reference.method(request, "getMethod", "()" + STRING));
    refs.add(Reference.method(request, "isAsyncStarted", "()Z"));
    refs.add(Reference.method(response, "isCommitted", "()Z"));
    refs.add(Reference.method(response, "getStatus", "()I"));
    if (mapping) {
      String m = api + ".http.HttpServletMapping";
      refs.add(Reference.method(request, "getHttpServletMapping", "()L" + slash(m) + ";"));
      refs.add(Reference.method(m, "getPattern", "()" + STRING));
      if (names) {
        refs.add(Reference.method(m, "getServletName", "()" + STRING));
      }
    }
    return refs;
  }

  private static String slash(String binaryName) {
    return binaryName.replace('.', '/');
  }
}
