package dev.raftsim.sim.internal;

/**
 * A binary min-heap of events ordered by (time, sequence). Keys live in primitive arrays beside the event
 * references so comparisons never chase pointers; the sequence number makes ties deterministic (first
 * scheduled, first run).
 */
public final class EventHeap {
  private long[] times = new long[256];
  private long[] seqs = new long[256];
  private Ev[] events = new Ev[256];
  private int size;

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
    if (size == events.length) {
      grow();
    }
    int i = size++;
    long t = e.time;
    long s = e.seq;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = times[parent];
      if (pt < t || (pt == t && seqs[parent] < s)) {
        break;
      }
      times[i] = pt;
      seqs[i] = seqs[parent];
      events[i] = events[parent];
      i = parent;
    }
    times[i] = t;
    seqs[i] = s;
    events[i] = e;
  }

  public Ev poll() {
    if (size == 0) {
      throw new IllegalStateException("empty heap");
    }
    Ev top = events[0];
    int n = --size;
    if (n > 0) {
      long t = times[n];
      long s = seqs[n];
      Ev last = events[n];
      int i = 0;
      int half = n >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        int right = child + 1;
        long ct = times[child];
        long cs = seqs[child];
        if (right < n) {
          long rt = times[right];
          if (rt < ct || (rt == ct && seqs[right] < cs)) {
            child = right;
            ct = rt;
            cs = seqs[right];
          }
        }
        if (t < ct || (t == ct && s < cs)) {
          break;
        }
        times[i] = ct;
        seqs[i] = cs;
        events[i] = events[child];
        i = child;
      }
      times[i] = t;
      seqs[i] = s;
      events[i] = last;
    }
    events[n] = null;
    return top;
  }

  /** Removes every event, handing each to {@code sink} in no particular order. */
  public void drainTo(java.util.function.Consumer<Ev> sink) {
    for (int i = 0; i < size; i++) {
      sink.accept(events[i]);
      events[i] = null;
    }
    size = 0;
  }

  private void grow() {
    int n = events.length * 2;
    times = java.util.Arrays.copyOf(times, n);
    seqs = java.util.Arrays.copyOf(seqs, n);
    events = java.util.Arrays.copyOf(events, n);
  }
}
