package dev.raftsim.sim.internal;

/**
 * A binary min-heap of events ordered by (time, sequence). The heap itself holds only primitives: the keys, and
 * for each entry the event's slot in a registry of every event this heap has seen. Events are pooled and reused,
 * so registering is rare, and sifting moves no references: a reference store into an array costs a GC card mark,
 * and with three parallel arrays that was the most expensive line of the event loop. The sequence number makes
 * ties deterministic (first scheduled, first run). It shares one long with the slot, in the high bits so that
 * comparing the longs compares sequences (which are unique): two arrays move per level instead of three.
 */
public final class EventHeap {
  /** Bits of the registry slot in a packed (sequence, slot) entry. */
  private static final int SLOT_BITS = 24;
  private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
  /** Sequence numbers must stay below this to pack: 2^39, over half a trillion events in one simulation. */
  public static final long MAX_SEQ = 1L << (63 - SLOT_BITS);
  private long[] times = new long[256];
  private long[] seqSlots = new long[256];
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
    if (size == times.length) {
      grow();
    }
    if (e.seq < 0 || e.seq >= MAX_SEQ) {
      throw new IllegalStateException("event sequence " + e.seq + " outside 0.." + (MAX_SEQ - 1));
    }
    siftUp(size++, e.time, e.seq << SLOT_BITS | slotOf(e));
  }

  /** Places an entry with key (t, packed sequence and slot {@code ss}) at the hole {@code i} or above it. */
  private void siftUp(int i, long t, long ss) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = times[parent];
      if (pt < t || (pt == t && seqSlots[parent] < ss)) {
        break;
      }
      times[i] = pt;
      seqSlots[i] = seqSlots[parent];
      i = parent;
    }
    times[i] = t;
    seqSlots[i] = ss;
  }

  /** The event's registry slot, registering it the first time this heap sees it. */
  private int slotOf(Ev e) {
    int slot = e.slot;
    if (slot >= 0 && slot < registered && registry[slot] == e) {
      return slot;
    }
    if (registered == registry.length) {
      if (registered > SLOT_MASK) {
        throw new IllegalStateException("more than " + (SLOT_MASK + 1) + " distinct events in one heap");
      }
      registry = java.util.Arrays.copyOf(registry, (int) Math.min(registered * 2L, SLOT_MASK + 1));
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
    Ev top = registry[(int) (seqSlots[0] & SLOT_MASK)];
    int n = --size;
    if (n > 0) {
      long t = times[n];
      long last = seqSlots[n];
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
          if (rt < ct || (rt == ct && seqSlots[right] < seqSlots[child])) {
            child = right;
          }
        }
        times[i] = times[child];
        seqSlots[i] = seqSlots[child];
        i = child;
      }
      siftUp(i, t, last);
    }
    return top;
  }

  /** Removes every event, handing each to {@code sink} in no particular order. */
  public void drainTo(java.util.function.Consumer<Ev> sink) {
    for (int i = 0; i < size; i++) {
      sink.accept(registry[(int) (seqSlots[i] & SLOT_MASK)]);
    }
    size = 0;
  }

  private void grow() {
    int n = times.length * 2;
    times = java.util.Arrays.copyOf(times, n);
    seqSlots = java.util.Arrays.copyOf(seqSlots, n);
  }
}
