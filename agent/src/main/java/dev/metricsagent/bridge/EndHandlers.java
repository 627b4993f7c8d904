package dev.metricsagent.bridge;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A callback of the app's framework that ends a reactive request when the framework calls it
 * (Vert.x Web's {@code RoutingContext.addEndHandler}: the response ended, or the connection
 * closed first), on whatever thread that is: a JDK proxy of the framework's one-method callback
 * interface, so no class of ours enters the app's class loader. The status is read from the
 * response when it is called.
 *
 * <pre>{@code
 * ctx.addEndHandler((Handler) EndHandlers.of(Handler.class, HttpServerResponse.class,
 *     ctx.response(), "getStatusCode", s, "vertx"));
 * }</pre>
 */
public final class EndHandlers implements InvocationHandler {
  /** The response type's status getter, looked up once per type. */
  private static final ClassValue<Method> STATUS =
      new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> responseType) {
          try {
            return responseType.getMethod("getStatusCode");
          } catch (NoSuchMethodException e) {
            return null;
          }
        }
      };

  private final RequestState state;
  private final Class<?> responseType;
  private final Object response;
  private final String framework;

  private EndHandlers(
      RequestState state, Class<?> responseType, Object response, String framework) {
    this.state = state;
    this.responseType = responseType;
    this.response = response;
    this.framework = framework;
  }

  /**
   * A {@code handlerType} that ends {@code s} when called, with the status {@code response} (a
   * {@code responseType}, whose {@code int getStatusCode()} reads it) has then.
   */
  public static Object of(
      Class<?> handlerType,
      Class<?> responseType,
      Object response,
      RequestState s,
      String framework) {
    return Proxy.newProxyInstance(
        handlerType.getClassLoader(),
        new Class<?>[] {handlerType},
        new EndHandlers(s, responseType, response, framework));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    if (method.getDeclaringClass() == Object.class) {
      String name = method.getName();
      if (name.equals("equals")) {
        return proxy == args[0];
      }
      return name.equals("hashCode")
          ? (Object) System.identityHashCode(proxy)
          : "metrics-agent end of request";
    }
    int status = 200;
    try {
      Method getter = STATUS.get(responseType);
      status = getter == null ? 200 : (Integer) getter.invoke(response);
    } catch (Throwable t) {
      RecorderFailure.report(t);
    }
    ReactiveRequests.end(state, framework, status, null);
    return null;
  }
}
