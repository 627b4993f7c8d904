package dev.metricsagent.bridge;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A servlet request that went async ({@code startAsync}) ends when its async context completes,
 * on whatever thread that is. Its outermost hook's exit hands it to an {@code AsyncListener}
 * registered on the async context: a proxy of the container's listener interface, whose handler
 * ({@link AsyncRequest}) carries what the thread's {@link RequestState} held. Only async requests
 * allocate. The servlet API is called by reflection, through the interfaces of the listener's own
 * class loader ({@code javax} or {@code jakarta}).
 */
public final class AsyncHandOff {
  /**
   * Request attribute set on a request whose async completion the agent awaits, so that a later
   * dispatch of the same request (async dispatch, error, timeout) is not taken for a new one.
   */
  public static final String ATTRIBUTE = "dev.metricsagent.asyncRequest";

  /**
   * {@code ServletRequest.setAttribute}, {@code ServletRequest.getAsyncContext}, {@code
   * AsyncContext.addListener} of an {@code AsyncListener} type's API; null if it has none.
   */
  private static final ClassValue<Method[]> API =
      new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> listenerType) {
          String pkg = listenerType.getName();
          pkg = pkg.substring(0, pkg.lastIndexOf('.') + 1);
          ClassLoader loader = listenerType.getClassLoader();
          try {
            Class<?> request = Class.forName(pkg + "ServletRequest", false, loader);
            Class<?> context = Class.forName(pkg + "AsyncContext", false, loader);
            return new Method[] {
              request.getMethod("setAttribute", String.class, Object.class),
              request.getMethod("getAsyncContext"),
              context.getMethod("addListener", listenerType)
            };
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
          }
        }
      };

  private AsyncHandOff() {}

  /**
   * Registers a listener that records the request when its async context completes; if that
   * fails, records it now, with the response's status at this point.
   */
  static void suspend(RequestState s, Class<?> listenerType, Object request, Object response) {
    AsyncRequest a = new AsyncRequest(s, request, response, listenerType);
    try {
      Method[] api = API.get(listenerType);
      Object listener =
          Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, a);
      api[0].invoke(request, ATTRIBUTE, Boolean.TRUE);
      api[2].invoke(api[1].invoke(request), listener);
    } catch (Throwable t) {
      a.complete(); // no listener: end it now rather than lose it
      RecorderFailure.report(t);
    }
  }
}
