package dev.raftsim.sim.internal;

/**
 * A binary min-heap of events ordered by (time, sequence). The heap itself holds only primitives: the keys, and
 * for each entry the event's slot in a registry of every event this heap has seen. Events are pooled and reused,
 * so registering is rare, and sifting moves no references: a reference store into an array costs a GC card mark,
 * and with three parallel arrays that was the most expensive line of the event loop. The sequence number makes
 * ties deterministic (first scheduled, first run).
 */
public final class EventHeap {
  private long[] times = new long[256];
  private long[] seqs = new long[256];
  private int[] slots = new int[256];
  private int size;
  private Ev[] registry = new Ev[256];
  private int registered;

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public long peekTime() {
    if (size == 0) {
      throw new IllegalStateException("empty heap");
    }
    return times[0];
  }

  public void add(Ev e) {
    if (size == slots.length) {
      grow();
    }
    siftUp(size++, e.time, e.seq, slotOf(e));
  }

  /** Places an entry with key (t, s) at the hole {@code i} or above it, moving later parents down. */
  private void siftUp(int i, long t, long s, int slot) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = times[parent];
      if (pt < t || (pt == t && seqs[parent] < s)) {
        break;
      }
      times[i] = pt;
      seqs[i] = seqs[parent];
      slots[i] = slots[parent];
      i = parent;
    }
    times[i] = t;
    seqs[i] = s;
    slots[i] = slot;
  }

  /** The event's registry slot, registering it the first time this heap sees it. */
  private int slotOf(Ev e) {
    int slot = e.slot;
    if (slot >= 0 && slot < registered && registry[slot] == e) {
      return slot;
    }
    if (registered == registry.length) {
      registry = java.util.Arrays.copyOf(registry, registered * 2);
    }
    slot = registered++;
    registry[slot] = e;
    e.slot = slot;
    return slot;
  }

  public Ev poll() {
    if (size == 0) {
      throw new IllegalStateException("empty heap");
    }
    Ev top = registry[slots[0]];
    int n = --size;
    if (n > 0) {
      long t = times[n];
      long s = seqs[n];
      int last = slots[n];
      // Floyd's deletion: walk the hole down to a leaf along the earlier child, one comparison a level, then let the
      // former last entry climb from there. It was a leaf, usually one of the latest events, so it rarely climbs:
      // about half the comparisons of the textbook sift-down, whose outcome at each level is a coin toss to the
      // branch predictor.
      int i = 0;
      int child;
      while ((child = 2 * i + 1) < n) {
        int right = child + 1;
        if (right < n) {
          long rt = times[right];
          long ct = times[child];
          if (rt < ct || (rt == ct && seqs[right] < seqs[child])) {
            child = right;
          }
        }
        times[i] = times[child];
        seqs[i] = seqs[child];
        slots[i] = slots[child];
        i = child;
      }
      siftUp(i, t, s, last);
    }
    return top;
  }

  /** Removes every event, handing each to {@code sink} in no particular order. */
  public void drainTo(java.util.function.Consumer<Ev> sink) {
    for (int i = 0; i < size; i++) {
      sink.accept(registry[slots[i]]);
    }
    size = 0;
  }

  private void grow() {
    int n = slots.length * 2;
    times = java.util.Arrays.copyOf(times, n);
    seqs = java.util.Arrays.copyOf(seqs, n);
    slots = java.util.Arrays.copyOf(slots, n);
  }
}
