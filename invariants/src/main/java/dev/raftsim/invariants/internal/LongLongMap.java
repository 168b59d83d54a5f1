package dev.raftsim.invariants.internal;

/**
 * A small open-addressing map from long to long without boxing: linear probing in a power-of-two table kept at most
 * half full. Key 0 marks an empty slot, so the key 0 itself is held beside the table. Iteration is not offered, so no
 * result can ever depend on table order.
 */
public final class LongLongMap {
  private long[] keys;
  private long[] values;
  private int mask;
  private int tableSize;
  private boolean hasZeroKey;
  private long zeroKeyValue;

  public LongLongMap() {
    this(16);
  }

  public LongLongMap(int expectedSize) {
    int capacity = Integer.highestOneBit(Math.max(4, expectedSize) * 2 - 1) << 1;
    keys = new long[capacity];
    values = new long[capacity];
    mask = capacity - 1;
  }

  public int size() {
    return tableSize + (hasZeroKey ? 1 : 0);
  }

  public boolean containsKey(long key) {
    if (key == 0) {
      return hasZeroKey;
    }
    return keys[slotOf(key)] == key;
  }

  public long getOrDefault(long key, long absent) {
    if (key == 0) {
      return hasZeroKey ? zeroKeyValue : absent;
    }
    int slot = slotOf(key);
    return keys[slot] == key ? values[slot] : absent;
  }

  public void put(long key, long value) {
    if (key == 0) {
      hasZeroKey = true;
      zeroKeyValue = value;
      return;
    }
    int slot = slotOf(key);
    if (keys[slot] == key) {
      values[slot] = value;
      return;
    }
    insertAt(slot, key, value);
  }

  /** Associates value with key unless key is present; returns the value associated afterwards either way. */
  public long putIfAbsent(long key, long value) {
    if (key == 0) {
      if (!hasZeroKey) {
        hasZeroKey = true;
        zeroKeyValue = value;
      }
      return zeroKeyValue;
    }
    int slot = slotOf(key);
    if (keys[slot] == key) {
      return values[slot];
    }
    insertAt(slot, key, value);
    return value;
  }

  /** The slot holding key, or the empty slot where it would go. */
  private int slotOf(long key) {
    int slot = (int) Hashing.mix(key) & mask;
    while (true) {
      long k = keys[slot];
      if (k == key || k == 0) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void insertAt(int slot, long key, long value) {
    keys[slot] = key;
    values[slot] = value;
    if (++tableSize * 2 > keys.length) {
      grow();
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new long[oldValues.length * 2];
    mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long k = oldKeys[i];
      if (k != 0) {
        int slot = slotOf(k);
        keys[slot] = k;
        values[slot] = oldValues[i];
      }
    }
  }

  @Override
  public String toString() {
    return "LongLongMap(size=" + size() + ", capacity=" + keys.length + ")";
  }

  /** For tests: the table capacity (grows by doubling). */
  int capacity() {
    return keys.length;
  }
}
