package dev.metricsagent.instrumentation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Calls into the app's framework objects by reflection, through the public class or interface
 * that declares a method: the agent's classes cannot link against the app's framework, and the
 * concrete class of a framework object is often not public (wrappers, facades, proxies). For the
 * modules' route listers and finders, which run once per route table or only for requests
 * answered before routing; never on the hot path.
 */
public final class PublicApi {
  private PublicApi() {}

  /** {@code target.name()}. */
  public static Object call(Object target, String name) throws ReflectiveOperationException {
    return method(target.getClass(), name).invoke(target);
  }

  /** {@code target.name(argument)}, for a method taking one {@code String}. */
  public static Object call(Object target, String name, String argument)
      throws ReflectiveOperationException {
    return method(target.getClass(), name, String.class).invoke(target, argument);
  }

  /** The public method, or {@link NoSuchMethodException}. */
  public static Method method(Class<?> c, String name, Class<?>... params)
      throws NoSuchMethodException {
    Method m = publicMethod(c, name, params);
    if (m == null) {
      throw new NoSuchMethodException(c.getName() + "." + name);
    }
    return m;
  }

  /** The method as declared by a public class or interface of {@code c}, or null. */
  public static Method publicMethod(Class<?> c, String name, Class<?>... params) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      Method m = declared(k, name, params);
      if (m != null) {
        return m;
      }
      for (Class<?> i : k.getInterfaces()) {
        Method im = publicMethod(i, name, params);
        if (im != null) {
          return im;
        }
      }
    }
    return null;
  }

  private static Method declared(Class<?> k, String name, Class<?>[] params) {
    if (!Modifier.isPublic(k.getModifiers())) {
      return null;
    }
    try {
      Method m = k.getDeclaredMethod(name, params);
      return Modifier.isPublic(m.getModifiers()) ? m : null;
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
  }
}
