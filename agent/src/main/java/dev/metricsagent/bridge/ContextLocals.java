package dev.metricsagent.bridge;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentMap;

/**
 * A reactive request's state kept in its server's own per-request context, where a hook on the
 * server's response finds it when the response ends, whatever ended it (Vert.x: the local data of
 * the duplicated context each request runs on, {@code ContextInternal.localContextData()}, read
 * through the server request's {@code context()}). The server's classes differ between versions
 * (Vert.x 4.5's {@code io.vertx.core.impl.ContextInternal}, 5's {@code
 * io.vertx.core.internal.ContextInternal}), so the members are found by name once per class and
 * called through method handles; a class without them is no such context (-1, null).
 *
 * <pre>{@code
 * ContextLocals.putOfRequest(request, Vertx.currentContext(), s); // the router takes it
 * RequestState s = ContextLocals.ofRequest(request);     // its response ended or its connection
 * ReactiveRequests.end(s, "vertx", status, null);        // closed: recorded once, the first time
 * }</pre>
 */
public final class ContextLocals {
  private static final MethodType TO_OBJECT = MethodType.methodType(Object.class, Object.class);
  private static final MethodType TO_MAP = MethodType.methodType(ConcurrentMap.class, Object.class);
  private static final MethodType TO_BOOLEAN = MethodType.methodType(boolean.class, Object.class);

  /** {@code localContextData()} of a context class, or null. */
  private static final ClassValue<MethodHandle> LOCAL_DATA =
      new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> c) {
          MethodHandle h = getter(c, "localContextData");
          return h == null || h.type().returnType() != ConcurrentMap.class ? null : h.asType(TO_MAP);
        }
      };

  /**
   * {@code [context().localContextData(), decoderResult().isSuccess(), context()]} of a server
   * request class: the first one handle where the type {@code context()} declares has the local
   * data's getter (Vert.x 5), else null and found per context class (Vert.x 4.5 declares {@code
   * Context}); nulls where the request has none.
   */
  private static final ClassValue<MethodHandle[]> REQUEST =
      new ClassValue<MethodHandle[]>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> c) {
          MethodHandle context = getter(c, "context");
          return new MethodHandle[] {
            then(context, "localContextData", ConcurrentMap.class, TO_MAP),
            then(getter(c, "decoderResult"), "isSuccess", boolean.class, TO_BOOLEAN),
            context == null ? null : context.asType(TO_OBJECT)
          };
        }
      };

  /** {@code first} then {@code name} on what it returns, as one handle of {@code type}, or null. */
  private static MethodHandle then(
      MethodHandle first, String name, Class<?> returns, MethodType type) {
    MethodHandle second = first == null ? null : getter(first.type().returnType(), name);
    if (second == null || second.type().returnType() != returns) {
      return null;
    }
    return MethodHandles.filterReturnValue(
        first.asType(TO_OBJECT), second.asType(type));
  }

  private ContextLocals() {}

  /**
   * Keeps {@code s} in {@code context}'s local data; false when {@code context} has none (null,
   * or not a context this class knows): the caller ends the request another way.
   */
  public static boolean put(Object context, RequestState s) {
    return keep(localData(context), s);
  }

  /**
   * The state {@link #put} in {@code context}, or null. It stays there (a read is cheaper than a
   * removal, and the context goes with its request): {@link ReactiveRequests#end} records it once.
   */
  public static RequestState get(Object context) {
    return stateIn(localData(context));
  }

  /**
   * {@link #put} in the context of {@code request}, a server request ({@code context()}: where
   * {@link #ofRequest} looks), else, for a request that shows none (a wrapper), in {@code
   * context}, the Vert.x context the router runs on.
   */
  public static boolean putOfRequest(Object request, Object context, RequestState s) {
    ConcurrentMap<Object, Object> data = localDataOfRequest(request);
    return data == null ? put(context, s) : keep(data, s);
  }

  /** {@link #get} on the context of {@code request}, a server request ({@code context()}). */
  public static RequestState ofRequest(Object request) {
    return stateIn(localDataOfRequest(request));
  }

  private static boolean keep(ConcurrentMap<Object, Object> data, RequestState s) {
    if (data == null) {
      return false;
    }
    data.put(ReactiveRequests.ATTRIBUTE, s);
    return true;
  }

  private static RequestState stateIn(ConcurrentMap<Object, Object> data) {
    return data == null ? null : ReactiveRequests.of(data.get(ReactiveRequests.ATTRIBUTE));
  }

  @SuppressWarnings("unchecked")
  private static ConcurrentMap<Object, Object> localDataOfRequest(Object request) {
    MethodHandle[] h = request == null ? null : REQUEST.get(request.getClass());
    try {
      if (h == null) {
        return null;
      } else if (h[0] != null) {
        return (ConcurrentMap<Object, Object>) (ConcurrentMap<?, ?>) h[0].invokeExact(request);
      }
      return h[2] == null ? null : localData((Object) h[2].invokeExact(request));
    } catch (Throwable t) {
      RecorderFailure.report(t);
      return null;
    }
  }

  /**
   * Whether the server could not decode {@code request} (a malformed request line, headers too
   * large): it answered without the app ({@code decoderResult()} failed).
   */
  public static boolean malformed(Object request) {
    MethodHandle h = request == null ? null : REQUEST.get(request.getClass())[1];
    try {
      return h != null && !(boolean) h.invokeExact(request);
    } catch (Throwable t) {
      RecorderFailure.report(t);
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static ConcurrentMap<Object, Object> localData(Object context) {
    MethodHandle h = context == null ? null : LOCAL_DATA.get(context.getClass());
    if (h == null) {
      return null;
    }
    try {
      return (ConcurrentMap<Object, Object>) (ConcurrentMap<?, ?>) h.invokeExact(context);
    } catch (Throwable t) {
      RecorderFailure.report(t);
      return null;
    }
  }

  /**
   * A handle on the public no-argument method {@code name} of {@code c}, found where it is
   * declared public in a public type (an interface a non-public implementation implements), or
   * null.
   */
  static MethodHandle getter(Class<?> c, String name) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      MethodHandle h = declared(k, name);
      if (h != null) {
        return h;
      }
      for (Class<?> i : k.getInterfaces()) {
        h = getter(i, name);
        if (h != null) {
          return h;
        }
      }
    }
    return null;
  }

  private static MethodHandle declared(Class<?> k, String name) {
    if (!Modifier.isPublic(k.getModifiers())) {
      return null;
    }
    try {
      Method m = k.getDeclaredMethod(name);
      return Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
          ? MethodHandles.publicLookup().unreflect(m)
          : null;
    } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
      return null;
    }
  }
}
