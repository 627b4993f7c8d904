package dev.metricsagent.ui;

import java.util.List;

/**
 * What a route's native buckets gained over a window ending at the last snapshot, starting at the
 * newest snapshot that still holds native buckets and is at least the window old ({@link
 * Sampler#dropOldNatives} keeps them where windows start).
 */
final class NativeWindow {
  private NativeWindow() {}

  /**
   * The index of the window's start: the newest snapshot with native buckets at least {@code
   * windowMillis} before the last, else the oldest with them (a shorter history), else -1.
   */
  static int start(List<Snapshot> snapshots, long windowMillis) {
    int last = snapshots.size() - 1;
    long from = snapshots.get(last).atMillis - windowMillis;
    int oldest = -1;
    for (int i = last - 1; i >= 0; i--) {
      Snapshot s = snapshots.get(i);
      if (s.natives == null) {
        continue;
      }
      if (s.atMillis <= from) {
        return i;
      }
      oldest = i;
    }
    return oldest;
  }

  /** Route {@code id}'s native buckets added since snapshot {@code from}; null without them. */
  static NativeSample over(List<Snapshot> snapshots, int from, int id) {
    NativeSample now = snapshots.get(snapshots.size() - 1).nativeSample(id);
    if (now == null) {
      return null;
    }
    return now.minus(from < 0 ? null : snapshots.get(from).nativeSample(id));
  }
}
