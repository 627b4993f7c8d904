package dev.metricsagent.bridge;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A servlet request that went async, between the end of its first dispatch and the completion of
 * its async context: what {@link RequestState} held for it, and the {@code AsyncListener} (a
 * proxy, built by {@link AsyncHandOff}) that records it on {@code onComplete}. Only
 * async requests allocate one.
 *
 * <p>The status is read from the response when the request completes, through the servlet API
 * of the listener's own class loader ({@code javax} or {@code jakarta}).
 */
final class AsyncRequest implements InvocationHandler {
  /** {@code HttpServletResponse.getStatus()} per {@code AsyncListener} type. */
  private static final ClassValue<Method> GET_STATUS =
      new ClassValue<Method>() {
        @Override
        protected Method computeValue(Class<?> listenerType) {
          String pkg = listenerType.getName();
          pkg = pkg.substring(0, pkg.lastIndexOf('.'));
          try {
            return Class.forName(
                    pkg + ".http.HttpServletResponse", false, listenerType.getClassLoader())
                .getMethod("getStatus");
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
          }
        }
      };

  private final long start;
  private final CompletedRequest completed = new CompletedRequest();
  private final Object request;
  private final Object response;
  private final Class<?> listenerType;
  private final AtomicBoolean ended = new AtomicBoolean();

  /**
   * A framework's exchange for a request no route named (WebFlux on a servlet container), its
   * lookup left to the completion, when the status is known; else null.
   */
  private Object exchange;

  /** The module whose {@link RouteFinder} looks {@link #exchange} up. */
  private final String framework;

  /** What {@code s} holds now: its route, method, template and traceparent. */
  AsyncRequest(RequestState s, Object request, Object response, Class<?> listenerType) {
    this.start = s.start;
    // the status and duration are known at completion
    completed.set(s.route, s.method(), s.recordedTemplate(), 0, 0, s.traceparent, null);
    this.request = request;
    this.response = response;
    this.listenerType = listenerType;
    boolean unrouted = s.routedMethod == null && s.template == null;
    this.framework = unrouted && s.exchange != null ? s.containerFramework : null;
    this.exchange = framework != null ? s.exchange : null;
  }

  /** Records the request once, with the response's status now. */
  void complete() {
    if (ended.compareAndSet(false, true)) {
      int status = status();
      completed.ended(status, System.nanoTime() - start);
      if (exchange != null) {
        findLate(status);
      }
      Recorders.record(completed, request, response);
    }
  }

  /**
   * The route the framework's finder says an unrouted request would have matched (a filter's
   * refusal before routing, a 405), as {@link ReactiveRequests#end} does; not for a plain 404.
   */
  private void findLate(int status) {
    Object e = exchange;
    exchange = null;
    if (status == 404) {
      return;
    }
    RequestState late = new RequestState();
    late.depth = 1;
    Requests.findLate(framework, null, e, late);
    if (late.template != null) {
      completed.named(late.routedMethod, late.template);
    }
  }

  private int status() {
    Method getStatus = GET_STATUS.get(listenerType);
    if (getStatus != null) {
      try {
        return (Integer) getStatus.invoke(response);
      } catch (Throwable t) {
        // a recycled or foreign response: fall through
      }
    }
    return 500;
  }

  /** The listener's methods: {@code onComplete} records; {@code onStartAsync} re-registers. */
  @Override
  public Object invoke(Object proxy, Method m, Object[] args) {
    try {
      switch (m.getName()) {
        case "onComplete":
          complete();
          return null;
        case "onStartAsync":
          // a new startAsync drops the listeners: join the new async cycle (Servlet spec 2.3.3.3)
          Object context = args[0].getClass().getMethod("getAsyncContext").invoke(args[0]);
          Method add = publicMethod(context.getClass(), "addListener", listenerType);
          if (add != null) {
            add.invoke(context, proxy);
          }
          return null;
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        case "toString":
          return "metrics-agent async request listener";
        default:
          return null; // onTimeout, onError: the container completes the request after them
      }
    } catch (Throwable t) {
      RecorderFailure.report(t);
      return null;
    }
  }

  /** {@code name(param)} as a public interface of {@code c} declares it (c may be hidden). */
  private static Method publicMethod(Class<?> c, String name, Class<?> param) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Class<?> i : k.getInterfaces()) {
        try {
          return i.getMethod(name, param);
        } catch (NoSuchMethodException e) {
          // next
        }
      }
    }
    return null;
  }
}
