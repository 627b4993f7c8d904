package dev.metricsagent.instrumentation;

import java.util.List;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/**
 * Whether a module fits the framework a class loader holds, decided from class files (a {@link
 * TypePool}, nothing loaded) before any of its advice is woven there: every {@link Reference}
 * resolves, and every hooked type the loader has declares the module's required methods. Advice
 * that does not fit would otherwise fail in the app, as a {@code NoSuchMethodError} at best and a
 * {@code VerifyError} at worst.
 */
final class ReferenceCheck {
  private ReferenceCheck() {}

  /** The first problem found, as text for the warning, or null if the module fits. */
  static String firstMismatch(InstrumentationModule module, TypePool pool) {
    return firstMismatch(module, module.types(), pool);
  }

  /**
   * As {@link #firstMismatch(InstrumentationModule, TypePool)} with the module's {@code types}
   * already made: their advice is then described once ({@link Instrumenter#adviceOf} keeps it
   * per instance).
   */
  static String firstMismatch(
      InstrumentationModule module, List<TypeInstrumentation> types, TypePool pool) {
    for (TypeInstrumentation t : types) {
      TypePool.Resolution type = pool.describe(t.typeName());
      if (!type.isResolved()) {
        continue; // not this framework version's type, or another container's: not woven either
      }
      for (TypeAdvice.Entry e : Instrumenter.adviceOf(t).entries()) {
        if (e.requiredAs != null
            && type.resolve().getDeclaredMethods().filter(e.methods).isEmpty()) {
          return t.typeName() + " has no " + e.requiredAs;
        }
      }
    }
    for (Reference r : module.references()) {
      if (!resolves(r, pool)) {
        return "has no " + r;
      }
    }
    return null;
  }

  /** Whether the module applies in the loader: its {@link InstrumentationModule#requiredType}. */
  static boolean applies(InstrumentationModule module, TypePool pool) {
    String required = module.requiredType();
    return required == null || pool.describe(required).isResolved();
  }

  private static boolean resolves(Reference r, TypePool pool) {
    TypePool.Resolution owner = pool.describe(r.owner);
    if (!owner.isResolved()) {
      return false;
    }
    switch (r.kind) {
      case TYPE:
        return true;
      case METHOD:
        return declaresMethod(owner.resolve(), r.name, r.descriptor);
      default:
        return declaresField(owner.resolve(), r.name, r.descriptor);
    }
  }

  /** Declared by the type, a super class or an interface (a call may name any of them). */
  private static boolean declaresMethod(TypeDefinition type, String name, String descriptor) {
    if (type == null) {
      return false;
    }
    for (MethodDescription.InDefinedShape m : type.asErasure().getDeclaredMethods()) {
      if (m.getInternalName().equals(name) && m.getDescriptor().equals(descriptor)) {
        return true;
      }
    }
    for (TypeDescription i : type.getInterfaces().asErasures()) {
      if (declaresMethod(i, name, descriptor)) {
        return true;
      }
    }
    return declaresMethod(type.getSuperClass(), name, descriptor);
  }

  private static boolean declaresField(TypeDefinition type, String name, String descriptor) {
    for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
      for (FieldDescription.InDefinedShape f : t.asErasure().getDeclaredFields()) {
        if (f.getName().equals(name) && f.getDescriptor().equals(descriptor)) {
          return true;
        }
      }
    }
    return false;
  }
}
