package dev.metricsagent.instrumentation;

import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Passes a class to Byte Buddy only if its internal name starts with one of the instrumented
 * packages. Every class the host loads goes through the transformer; this keeps the cost for the
 * thousands that are not ours to one string comparison, instead of a Byte Buddy type description
 * each (seconds of start-up on a JVM that loads Jetty).
 */
final class NamePrefixFilter extends ResettableClassFileTransformer.WithDelegation {
  private final String[] internalPrefixes;

  NamePrefixFilter(ResettableClassFileTransformer delegate, String[] internalPrefixes) {
    super(delegate);
    this.internalPrefixes = internalPrefixes.clone();
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile)
      throws java.lang.instrument.IllegalClassFormatException {
    if (internalName == null) {
      return null;
    }
    for (String p : internalPrefixes) {
      if (internalName.startsWith(p)) {
        return classFileTransformer.transform(
            loader, internalName, classBeingRedefined, protectionDomain, classFile);
      }
    }
    return null;
  }

  /** Wraps the transformer Byte Buddy builds before it is registered. */
  static final class Decorator implements AgentBuilder.TransformerDecorator {
    private final String[] internalPrefixes;

    Decorator(String[] internalPrefixes) {
      this.internalPrefixes = internalPrefixes;
    }

    @Override
    public ResettableClassFileTransformer decorate(ResettableClassFileTransformer transformer) {
      return new NamePrefixFilter(transformer, internalPrefixes);
    }
  }
}
