package dev.metricsagent.instrumentation;

import dev.metricsagent.bridge.SizeReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Body sizes from servlet request and response objects, by reflection: the agent cannot link
 * against the app's servlet API or Jetty (an isolated class loader may hold them). Handles are
 * resolved once per concrete class.
 *
 * <ul>
 *   <li>Request: {@code getContentLengthLong()}; no {@code Content-Length} and no {@code
 *       Transfer-Encoding} means no body (0); a chunked body of unknown size is not observed.
 *   <li>Response: the bytes written to Jetty's {@code HttpOutput} (after compression, what went
 *       on the wire as body); another container's response is not observed.
 *   <li>A reactive request (WebFlux, Micronaut): {@link ReactiveSizes}.
 * </ul>
 */
public final class ServletSizes implements SizeReader {
  private static final MethodType LONG = MethodType.methodType(long.class);
  private static final MethodType STRING_BY_NAME =
      MethodType.methodType(String.class, String.class);

  /** {@code [getContentLengthLong, getHeader]} of a request class; nulls if not a servlet. */
  private final ClassValue<MethodHandle[]> requestHandles =
      new ClassValue<MethodHandle[]>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> c) {
          return new MethodHandle[] {
            handle(c, "getContentLengthLong", LONG), handle(c, "getHeader", STRING_BY_NAME)
          };
        }
      };

  /** {@code getHttpOutput().getWritten()} of a Jetty response class, or null. */
  private final ClassValue<MethodHandle> written =
      new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> c) {
          Method getOutput = publicMethod(c, "getHttpOutput");
          if (getOutput == null) {
            return null;
          }
          try {
            MethodHandle output = MethodHandles.publicLookup().unreflect(getOutput);
            Method getWritten = publicMethod(getOutput.getReturnType(), "getWritten");
            if (getWritten == null || getWritten.getReturnType() != long.class) {
              return null;
            }
            MethodHandle w = MethodHandles.publicLookup().unreflect(getWritten);
            return MethodHandles.filterReturnValue(
                output.asType(MethodType.methodType(Object.class, Object.class)),
                w.asType(MethodType.methodType(long.class, Object.class)));
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  @Override
  public long requestBytes(Object request) {
    if (request == null) {
      return -1;
    }
    MethodHandle[] h = requestHandles.get(request.getClass());
    if (h[0] == null || h[1] == null) {
      return ReactiveSizes.requestBytes(request); // a reactive request's exchange, or unknown
    }
    try {
      long length = (long) h[0].invokeExact(request);
      if (length >= 0) {
        return length;
      }
      return (String) h[1].invokeExact(request, "Transfer-Encoding") == null ? 0 : -1;
    } catch (Throwable t) {
      return -1;
    }
  }

  @Override
  public long responseBytes(Object response) {
    if (response == null) {
      return -1;
    }
    MethodHandle h = written.get(response.getClass());
    if (h == null) {
      return ReactiveSizes.responseBytes(response);
    }
    try {
      return (long) h.invokeExact(response);
    } catch (Throwable t) {
      return -1;
    }
  }

  /** A handle typed {@code (Object) -> ret} / {@code (Object, String) -> ret}, or null. */
  static MethodHandle handle(Class<?> c, String name, MethodType type) {
    Method m = publicMethod(c, name, type.parameterArray());
    if (m == null || m.getReturnType() != type.returnType()) {
      return null;
    }
    try {
      return MethodHandles.publicLookup().unreflect(m).asType(type.insertParameterTypes(0, Object.class));
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }

  private static Method publicMethod(Class<?> c, String name, Class<?>... params) {
    return PublicApi.publicMethod(c, name, params);
  }
}
