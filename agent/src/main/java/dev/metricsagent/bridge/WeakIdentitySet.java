package dev.metricsagent.bridge;

import java.lang.ref.WeakReference;

/**
 * The app objects (route tables, servlet contexts) already met, by identity and held weakly: an
 * undeployed web app's objects can be collected, and a redeployed one's new objects are met for
 * the first time. No cap: entries whose object is gone are dropped on each addition, so the set
 * is as large as the live route tables (a handful per web app). A lookup is a scan with no
 * allocation and no lock; additions (once per table) copy the array.
 */
final class WeakIdentitySet {
  private volatile WeakReference<?>[] entries = new WeakReference<?>[0];

  /** Adds {@code o} if absent; true if it was absent (the first time it is met). */
  boolean add(Object o) {
    if (contains(entries, o)) {
      return false;
    }
    synchronized (this) {
      WeakReference<?>[] known = entries;
      if (contains(known, o)) {
        return false;
      }
      int live = 0;
      for (WeakReference<?> r : known) {
        live += r.get() == null ? 0 : 1;
      }
      WeakReference<?>[] more = new WeakReference<?>[live + 1];
      int i = 0;
      for (WeakReference<?> r : known) {
        if (r.get() != null) {
          more[i++] = r;
        }
      }
      more[i] = new WeakReference<Object>(o);
      entries = more;
      return true;
    }
  }

  /** Forgets every entry: each object is met for the first time again. */
  synchronized void clear() {
    entries = new WeakReference<?>[0];
  }

  /** How many entries are held, live or not yet dropped (tests). */
  int size() {
    return entries.length;
  }

  private static boolean contains(WeakReference<?>[] known, Object o) {
    for (WeakReference<?> r : known) {
      if (r.get() == o) {
        return true;
      }
    }
    return false;
  }
}
