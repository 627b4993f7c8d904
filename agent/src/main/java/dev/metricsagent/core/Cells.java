package dev.metricsagent.core;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters of one histogram series at one native schema and zero threshold. A cell counts the
 * observations of one (native bucket, classic bucket) pair, so one increment records a value in
 * both representations and any scrape derives both from the same counts: they always agree.
 * Without native buckets a cell is simply a classic bucket.
 *
 * <pre>{@code
 * Cells c = Cells.exponential(5, 0x1p-128, 16, 1);      // under the series' lock:
 * int cell = c.addCell(ExponentialBuckets.index(0.0015, 5), 1); // 1.5 ms, classic bucket 1
 * c.add(cell, 1_500_000L, stripeHash, series);            // lock-free from then on
 * }</pre>
 *
 * <p>Cells are found through a small open-addressing table that writers read without locks and
 * only the series' lock adds to. When the series changes its schema or zero threshold, or needs
 * more cells, it moves to a new {@code Cells}: the old one is sealed cell by cell ({@link
 * #SEALED}), each count moved over, and a writer that meets a sealed cell retries on the new one,
 * so nothing is lost.
 */
final class Cells {
  /** A counter that has been moved to the series' next {@code Cells}: never a count. */
  static final long SEALED = Long.MIN_VALUE;

  /** The native key of the zero bucket. */
  static final int ZERO = Integer.MIN_VALUE;

  /** The native key of every cell when native buckets are off. */
  static final int NO_NATIVE = Integer.MIN_VALUE + 1;

  /** Longs of padding before and after a stripe's counters: no two stripes share a cache line. */
  static final int PAD = 8;

  final int schema;
  final double zeroThreshold;
  private final double[] bounds; // the schema's tables (ExponentialBuckets), null when <= 0
  private final int[] starts;
  final int capacity;
  private final boolean hashed;
  private final int sumIndex;

  /** Entries: native key (32 bits), classic bucket (16), cell + 1 (16); 0 is empty. */
  private final AtomicLongArray table;

  private final int[] nativeKeys;
  private final int[] classicBuckets;
  private int used; // under the series' lock
  private int nativeBuckets; // distinct native keys but the zero bucket's; under the lock

  /** Grows by doubling; a stripe, once made, stays in every later array, so no write is lost. */
  volatile AtomicLongArray[] stripes;

  private Cells(int schema, double zeroThreshold, int capacity, boolean hashed, int stripeCount) {
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.bounds = ExponentialBuckets.bounds(schema);
    this.starts = ExponentialBuckets.starts(schema);
    this.capacity = capacity;
    this.hashed = hashed;
    this.sumIndex = PAD + capacity;
    this.table = hashed ? new AtomicLongArray(Integer.highestOneBit(capacity * 2 - 1) << 1) : null;
    this.nativeKeys = new int[capacity];
    this.classicBuckets = new int[capacity];
    AtomicLongArray[] s = new AtomicLongArray[stripeCount];
    for (int i = 0; i < s.length; i++) {
      s[i] = newStripe();
    }
    this.stripes = s;
  }

  /** Classic buckets only: cell {@code b} is bucket {@code b}, all there from the start. */
  static Cells classic(int classicBuckets) {
    Cells c = new Cells(0, 0, classicBuckets, false, 1);
    for (int b = 0; b < classicBuckets; b++) {
      c.nativeKeys[b] = NO_NATIVE;
      c.classicBuckets[b] = b;
    }
    c.used = classicBuckets;
    return c;
  }

  /** Empty cells with native buckets. */
  static Cells exponential(int schema, double zeroThreshold, int capacity, int stripeCount) {
    return new Cells(schema, zeroThreshold, capacity, true, stripeCount);
  }

  AtomicLongArray newStripe() {
    return new AtomicLongArray(PAD + capacity + 1 + PAD);
  }

  /** The native key of a value in exposed units: its bucket, or {@link #ZERO}. */
  int nativeKey(double value) {
    return value > zeroThreshold
        ? ExponentialBuckets.index(value, schema, bounds, starts)
        : ZERO;
  }

  /**
   * The cell of a raw value in {@code classicBucket}, or -1 when it has none yet: the record
   * path, lock-free. The native bucket is the client's for {@code raw / divisor}.
   */
  int cellOf(long raw, double divisor, int classicBucket) {
    return hashed ? cell(nativeKey(raw / divisor), classicBucket) : classicBucket;
  }

  /** The cell of a (native key, classic bucket) pair, or -1 when it has none yet. Lock-free. */
  int cell(int nativeKey, int classicBucket) {
    if (!hashed) {
      return classicBucket;
    }
    AtomicLongArray t = table;
    int mask = t.length() - 1;
    long key = key(nativeKey, classicBucket);
    for (int i = hash(nativeKey, classicBucket) & mask; ; i = (i + 1) & mask) {
      long e = t.get(i);
      if (e == 0) {
        return -1;
      }
      if ((e & ~0xFFFFL) == key) {
        return (int) (e & 0xFFFF) - 1;
      }
    }
  }

  private static long key(int nativeKey, int classicBucket) {
    return ((long) nativeKey << 32) | ((long) classicBucket << 16);
  }

  /**
   * Neighbouring buckets in neighbouring slots: a series' requests mostly fall in a run of
   * adjacent buckets, so their entries share a few cache lines (8 to a line) instead of one each.
   */
  private static int hash(int nativeKey, int classicBucket) {
    return nativeKey + 7 * classicBucket;
  }

  /** Cells in use. */
  int used() {
    return used;
  }

  /** Distinct native buckets (not the zero bucket) with a cell. */
  int nativeBuckets() {
    return nativeBuckets;
  }

  int nativeKey(int cell) {
    return nativeKeys[cell];
  }

  int classicBucket(int cell) {
    return classicBuckets[cell];
  }

  /**
   * Adds a cell under the series' lock; the caller checked that there is room ({@code used <
   * capacity}) and that the pair has none.
   */
  int addCell(int nativeKey, int classicBucket) {
    if (nativeKey != ZERO && !hasNativeKey(nativeKey)) {
      nativeBuckets++;
    }
    int c = used++;
    nativeKeys[c] = nativeKey;
    classicBuckets[c] = classicBucket;
    AtomicLongArray t = table;
    int mask = t.length() - 1;
    int i = hash(nativeKey, classicBucket) & mask;
    while (t.get(i) != 0) {
      i = (i + 1) & mask;
    }
    t.set(i, key(nativeKey, classicBucket) | (c + 1)); // the descriptors above are written first
    return c;
  }

  private boolean hasNativeKey(int nativeKey) {
    for (int c = 0; c < used; c++) {
      if (nativeKeys[c] == nativeKey) {
        return true;
      }
    }
    return false;
  }

  /** The smallest native bucket with a cell, or {@code Integer.MAX_VALUE}. Under the lock. */
  int smallestNativeBucket() {
    int min = Integer.MAX_VALUE;
    for (int c = 0; c < used; c++) {
      if (nativeKeys[c] != ZERO) {
        min = Math.min(min, nativeKeys[c]);
      }
    }
    return min;
  }

  /**
   * Counts a raw value in {@code cell} of the stripe this thread picks.
   *
   * @return false if that cell was sealed: the caller retries on the series' new cells
   */
  boolean add(int cell, long raw, int stripeHash, DataPointLock lock) {
    AtomicLongArray[] s = stripes;
    AtomicLongArray counters = s[stripeHash & (s.length - 1)];
    int i = PAD + cell;
    long seen = counters.get(i);
    if (seen < 0) {
      return false;
    }
    boolean contended = false;
    if (!counters.compareAndSet(i, seen, seen + 1)) {
      if (counters.getAndIncrement(i) < 0) {
        return false;
      }
      contended = true;
    }
    // The sum is every writer's, whatever its cell: a failed compare-and-set here is how writers
    // of different native buckets in one stripe find each other.
    long sum = counters.get(sumIndex);
    if (sum < 0 || !counters.compareAndSet(sumIndex, sum, sum + raw)) {
      if (counters.getAndAdd(sumIndex, raw) < 0) {
        lock.addSumElsewhere(raw); // sealed since the count: the sum follows it
      } else {
        contended = true;
      }
    }
    if (contended) {
      lock.contended(this, s); // another writer on the same stripe: spread them out
    }
    return true;
  }

  /** Adds to the sum of stripe 0 unless sealed. Under the lock or from a sealed writer. */
  boolean addSum(long raw) {
    AtomicLongArray counters = stripes[0];
    return counters.getAndAdd(sumIndex, raw) >= 0;
  }

  /** Adds {@code n} to a cell of stripe 0; used while moving counts. Under the lock. */
  void addCount(int cell, long n) {
    stripes[0].getAndAdd(PAD + cell, n);
  }

  /**
   * Seals every counter and returns what they held: per cell, then the sum at index {@code
   * used()}. Under the lock, after the series has published its next cells.
   */
  long[] seal() {
    long[] out = new long[used + 1];
    for (AtomicLongArray counters : stripes) {
      for (int c = 0; c < used; c++) {
        out[c] += counters.getAndSet(PAD + c, SEALED);
      }
      out[used] += counters.getAndSet(sumIndex, SEALED);
    }
    return out;
  }

  /** Per cell, the counts of all stripes, then the sum at index {@code used()}. */
  long[] read() {
    long[] out = new long[used + 1];
    for (AtomicLongArray counters : stripes) {
      for (int c = 0; c < used; c++) {
        out[c] += counters.get(PAD + c);
      }
    }
    for (AtomicLongArray counters : stripes) {
      out[used] += counters.get(sumIndex);
    }
    return out;
  }

  /** Bytes held by the counters and the table, for the documented worst case. */
  long footprintBytes() {
    long perStripe = 16 + 8L * (PAD + capacity + 1 + PAD);
    long t = table == null ? 0 : 16 + 8L * table.length();
    return stripes.length * perStripe + t + 2 * (16 + 4L * capacity);
  }

  /** Called by {@link #add} on contention and on a sealed sum; implemented by the series. */
  interface DataPointLock {
    void contended(Cells cells, AtomicLongArray[] seen);

    void addSumElsewhere(long raw);
  }

  @Override
  public String toString() {
    return "Cells[schema=" + schema + ", zeroThreshold=" + zeroThreshold + ", used=" + used
        + "/" + capacity + ", stripes=" + stripes.length + ", native="
        + Arrays.toString(Arrays.copyOf(nativeKeys, used)) + "]";
  }
}
