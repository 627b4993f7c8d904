package dev.metricsagent.bridge;

/**
 * A route's template as joined from its parts the last time (a Vert.x route's path under its
 * mount's template, a Quarkus REST resource method's paths under the root path), found again by
 * the identity of the parts: the framework hands every request of a route the same strings (its
 * route's path field, a resource's templates), so a request of a known route pays a few
 * reference compares instead of joining, or looking up, text. A miss (a part built per request,
 * a route whose slots two others hold) joins as before and takes one of its two slots: the
 * labels never depend on this cache, and a steady request of an app with fewer routes than
 * slots allocates nothing. The entries hold strings, no app object.
 */
final class JoinedRoutes {
  /** Slots, in sets of two; a power of two. */
  static final int SIZE = 4096;

  private final Entry[] entries = new Entry[SIZE];

  /** What {@code a}, {@code b} and {@code kind} joined to when {@link #keep} saw them, or null. */
  String find(String a, String b, String kind) {
    int i = slot(a, b, kind);
    Entry e = entries[i];
    if (e != null && e.a == a && e.b == b && e.kind == kind) {
      return e.joined;
    }
    e = entries[i + 1];
    return e != null && e.a == a && e.b == b && e.kind == kind ? e.joined : null;
  }

  /** Keeps {@code joined} for {@link #find}: in a free slot of its set, else in its first; returns it. */
  String keep(String a, String b, String kind, String joined) {
    int i = slot(a, b, kind);
    if (entries[i] != null && entries[i + 1] == null) {
      i++;
    }
    if (joined != null) {
      entries[i] = new Entry(a, b, kind, joined); // final fields: safe to publish racily
    }
    return joined;
  }

  private static int slot(String a, String b, String kind) {
    int h = (a == null ? 0 : a.hashCode()) * 31 + (b == null ? 0 : b.hashCode());
    h = h * 31 + (kind == null ? 0 : kind.hashCode());
    return (h ^ (h >>> 16)) & (SIZE - 2); // the set's first slot
  }

  /** Empties every slot (tests). */
  void clear() {
    java.util.Arrays.fill(entries, null);
  }

  private static final class Entry {
    final String a;
    final String b;
    final String kind;
    final String joined;

    Entry(String a, String b, String kind, String joined) {
      this.a = a;
      this.b = b;
      this.kind = kind;
      this.joined = joined;
    }
  }
}
