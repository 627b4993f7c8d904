package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.ReactiveRequests;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.OptionalLong;

/**
 * Body sizes of reactive requests, from the object their state carries ({@link ServletSizes}
 * hands them over): a Spring WebFlux {@code ServerWebExchange} (request: its {@code
 * Content-Length}, 0 with neither that nor {@code Transfer-Encoding}; response: the {@code
 * Content-Length} the response was sent with, which WebFlux sets for a single-value body, not for
 * a stream) or a Micronaut {@code HttpRequest} (its request's {@code Content-Length}; the
 * response's length as the server wrote it, kept by the advice, before compression; a stream's
 * is not observed) or a Vert.x Web {@code RoutingContext} (the request body's bytes the server
 * read, {@code bytesRead()}; the response body's bytes it wrote, {@code bytesWritten()}, a
 * stream's included). Handles are resolved once per concrete class, through the public
 * interfaces that declare each getter.
 */
final class ReactiveSizes {
  private static final MethodType TO_OBJECT = MethodType.methodType(Object.class, Object.class);
  private static final MethodType TO_LONG = MethodType.methodType(long.class, Object.class);
  private static final MethodType HEADER =
      MethodType.methodType(Object.class, Object.class, String.class);

  /** {@code [request's content length, request's header by name, response's content length]}. */
  private static final ClassValue<MethodHandle[]> HANDLES =
      new ClassValue<MethodHandle[]>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> c) {
          if (isA(c, "org.springframework.web.server.ServerWebExchange")) {
            Chain requestHeaders = chain(c, "getRequest", "getHeaders");
            return new MethodHandle[] {
              handle(then(requestHeaders, "getContentLength")),
              header(requestHeaders, "getFirst", String.class),
              handle(chain(c, "getResponse", "getHeaders", "getContentLength"))
            };
          }
          if (isA(c, "io.micronaut.http.HttpRequest")) {
            return new MethodHandle[] {
              handle(chain(c, "getContentLength")),
              header(chain(c, "getHeaders"), "get", CharSequence.class),
              header(chain(c, "getAttributes"), "getValue", CharSequence.class)
            };
          }
          if (isA(c, "io.vertx.ext.web.RoutingContext")) {
            return new MethodHandle[] {
              handle(chain(c, "request", "bytesRead")),
              null,
              handle(chain(c, "response", "bytesWritten"))
            };
          }
          return new MethodHandle[3];
        }
      };

  private ReactiveSizes() {}

  /** The request body's bytes, or -1 (unknown, or no reactive request). */
  static long requestBytes(Object request) {
    MethodHandle[] h = HANDLES.get(request.getClass());
    if (h[0] == null) {
      return -1;
    }
    try {
      long length = (long) h[0].invokeExact(request);
      if (length >= 0 || h[1] == null) {
        return length; // the body's length, or the bytes of it read (Vert.x)
      }
      return (Object) h[1].invokeExact(request, "Transfer-Encoding") == null ? 0 : -1;
    } catch (Throwable t) {
      return -1;
    }
  }

  /**
   * The response body's bytes: its {@code Content-Length} (WebFlux), the length the server wrote
   * it with ({@code ReactiveRequests.RESPONSE_BYTES}: Micronaut); or -1.
   */
  static long responseBytes(Object response) {
    MethodHandle h = HANDLES.get(response.getClass())[2];
    if (h == null) {
      return -1;
    }
    try {
      if (h.type().returnType() == long.class) {
        return (long) h.invokeExact(response);
      }
      Object written = (Object) h.invokeExact(response, ReactiveRequests.RESPONSE_BYTES);
      return written instanceof OptionalLong ? ((OptionalLong) written).orElse(-1) : -1;
    } catch (Throwable t) {
      return -1;
    }
  }

  /** A chain of getters as one handle, and the type its last getter declares it returns. */
  private static final class Chain {
    final MethodHandle handle;
    final Class<?> type;

    Chain(MethodHandle handle, Class<?> type) {
      this.handle = handle;
      this.type = type;
    }
  }

  /**
   * {@code o.g1().g2()...} as a handle {@code (Object) -> Object}, or {@code (Object) -> long}
   * when the last getter returns a {@code long}; null if a getter is missing.
   */
  static Chain chain(Class<?> c, String... getters) {
    return then(new Chain(null, c), getters);
  }

  private static Chain then(Chain from, String... getters) {
    if (from == null) {
      return null;
    }
    MethodHandle h = from.handle;
    Class<?> k = from.type;
    try {
      for (String g : getters) {
        Method m = PublicApi.publicMethod(k, g);
        if (m == null) {
          return null;
        }
        MethodHandle step =
            MethodHandles.publicLookup()
                .unreflect(m)
                .asType(m.getReturnType() == long.class ? TO_LONG : TO_OBJECT);
        h = h == null ? step : MethodHandles.filterReturnValue(h, step);
        k = m.getReturnType();
      }
      return new Chain(h, k);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  private static MethodHandle handle(Chain c) {
    return c == null ? null : c.handle;
  }

  /** {@code headers(o).getter(name)}, typed {@code (Object, String) -> Object}, or null. */
  private static MethodHandle header(Chain headers, String getter, Class<?> nameType) {
    if (headers == null) {
      return null;
    }
    Method m = PublicApi.publicMethod(headers.type, getter, nameType);
    if (m == null) {
      return null;
    }
    try {
      MethodHandle h = MethodHandles.publicLookup().unreflect(m).asType(HEADER);
      return MethodHandles.filterArguments(h, 0, headers.handle);
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  private static boolean isA(Class<?> c, String typeName) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      if (k.getName().equals(typeName)) {
        return true;
      }
      for (Class<?> i : k.getInterfaces()) {
        if (isA(i, typeName)) {
          return true;
        }
      }
    }
    return false;
  }
}
