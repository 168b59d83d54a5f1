package dev.raftsim.invariants.linearizability;

import java.util.Arrays;

/**
 * Lowe's memo for the Wing & Gong search: the set of (linearized operations, model state) configurations
 * already explored. Reaching one again cannot lead anywhere new, because the operations still to place and
 * the value they will see are the same.
 *
 * <p>Open addressing over parallel arrays so a hit allocates nothing; the bitset is copied only on insertion.
 * The caller maintains the bitset's hash incrementally (Zobrist style), so hashing is O(1) per step.
 */
final class StateCache {
  private long[] hashes;
  private long[][] bitsets;
  private String[] states;
  private int mask;
  private int size;

  StateCache(int expected) {
    int capacity = 16;
    while (capacity < expected * 2L && capacity < (1 << 30)) {
      capacity <<= 1;
    }
    allocate(capacity);
  }

  private void allocate(int capacity) {
    hashes = new long[capacity];
    bitsets = new long[capacity][];
    states = new String[capacity];
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  boolean contains(long[] bits, long bitsHash, String state) {
    long h = hash(bitsHash, state);
    for (int slot = (int) h & mask; bitsets[slot] != null; slot = (slot + 1) & mask) {
      if (hashes[slot] == h && states[slot].equals(state) && Arrays.equals(bitsets[slot], bits)) {
        return true;
      }
    }
    return false;
  }

  private static long hash(long bitsHash, String state) {
    return mix(bitsHash ^ (state.hashCode() * 0x9e3779b97f4a7c15L));
  }

  /** Records the configuration; false when it was already there. */
  boolean addIfAbsent(long[] bits, long bitsHash, String state) {
    long h = hash(bitsHash, state);
    int slot = (int) h & mask;
    while (bitsets[slot] != null) {
      if (hashes[slot] == h && states[slot].equals(state) && Arrays.equals(bitsets[slot], bits)) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    hashes[slot] = h;
    bitsets[slot] = bits.clone();
    states[slot] = state;
    size++;
    if (size * 2 > hashes.length) {
      grow();
    }
    return true;
  }

  private void grow() {
    long[] oldHashes = hashes;
    long[][] oldBitsets = bitsets;
    String[] oldStates = states;
    allocate(oldHashes.length * 2);
    for (int i = 0; i < oldHashes.length; i++) {
      if (oldBitsets[i] != null) {
        int slot = (int) oldHashes[i] & mask;
        while (bitsets[slot] != null) {
          slot = (slot + 1) & mask;
        }
        hashes[slot] = oldHashes[i];
        bitsets[slot] = oldBitsets[i];
        states[slot] = oldStates[i];
      }
    }
  }

  /** splitmix64 finalizer: spreads the bits so linear probing on the low bits behaves. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
