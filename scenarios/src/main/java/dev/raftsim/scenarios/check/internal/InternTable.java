package dev.raftsim.scenarios.check.internal;

import java.util.function.BiPredicate;

/**
 * One worker's table of canonical instances: value-equal nodes and packets recur in millions of states, so each
 * worker keeps one instance per value and the states share it (per worker, hence lock-free; with K threads a
 * value exists at most K times). Keyed by a 64-bit hash, confirmed by an exact equality test, so a hash
 * collision only costs a missed share, never a wrong one. Open addressing, linear probing, load <= 0.5.
 */
final class InternTable<T> {
  private long[] keys;
  private Object[] values;
  private int size;
  InternTable() {
    keys = new long[1024];
    values = new Object[1024];
  }

  /** Registers v (hash h) as canonical; call after {@link #find} found none. Returns v. */
  T add(long h, T v) {
    long k = h == 0 ? 1 : h;
    int mask = keys.length - 1;
    int i = (int) Mix.mix(k) & mask;
    while (keys[i] != 0) {
      i = (i + 1) & mask;
    }
    keys[i] = k;
    values[i] = v;
    if (++size * 2 > keys.length) {
      grow();
    }
    return v;
  }

  /** The canonical instance with hash h for which {@code matches} holds, or null. */
  @SuppressWarnings("unchecked")
  <Q> T find(long h, Q probe, BiPredicate<T, Q> matches) {
    long k = h == 0 ? 1 : h;
    int mask = keys.length - 1;
    int i = (int) Mix.mix(k) & mask;
    while (keys[i] != 0) {
      if (keys[i] == k && matches.test((T) values[i], probe)) {
        return (T) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != 0) {
        int i = (int) Mix.mix(oldKeys[j]) & mask;
        while (keys[i] != 0) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
