package dev.metricsagent.instrumentation;

/**
 * A framework member that advice uses: a type, a method or a field, as the class file names it
 * (binary owner name, member name, JVM descriptor). Checked by {@link ReferenceCheck} before the
 * advice is woven.
 *
 * <pre>{@code
 * Reference.method("spark.routematch.RouteMatch", "getMatchUri", "()Ljava/lang/String;")
 * }</pre>
 */
public final class Reference {
  enum Kind {
    TYPE,
    METHOD,
    FIELD
  }

  final Kind kind;
  final String owner;
  final String name;
  final String descriptor;

  private Reference(Kind kind, String owner, String name, String descriptor) {
    this.kind = kind;
    this.owner = owner;
    this.name = name;
    this.descriptor = descriptor;
  }

  /** A type the advice casts to or tests against. */
  public static Reference type(String owner) {
    return new Reference(Kind.TYPE, owner, null, null);
  }

  /** A method the advice calls, declared by {@code owner} or one of its super types. */
  public static Reference method(String owner, String name, String descriptor) {
    return new Reference(Kind.METHOD, owner, name, descriptor);
  }

  /** A field the advice reads ({@code @Advice.FieldValue} or a static constant). */
  public static Reference field(String owner, String name, String descriptor) {
    return new Reference(Kind.FIELD, owner, name, descriptor);
  }

  public String owner() {
    return owner;
  }

  /** Stable text form, e.g. {@code method spark.route.Routes#find(...)...}. */
  @Override
  public String toString() {
    return kind == Kind.TYPE
        ? "type " + owner
        : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + owner + "#" + name + descriptor;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reference && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
