package dev.raftsim.bench;

import java.util.PriorityQueue;

/**
 * The ceiling any discrete-event kernel on the JVM is measured against: a bare {@link PriorityQueue} of small
 * immutable events ordered by (time, sequence), a trivial handler, one SplitMix64 draw per event (as a kernel
 * draws network delays), and every handled event scheduling one successor so the number pending stays fixed.
 */
public final class BareLoop {
  /** A minimal event: what a kernel needs to order it, plus a little payload. */
  record Event(long time, long seq, int target, long payload) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Event> queue;
  private long state;
  private long seq;
  private long now;
  private long sink;

  /** A queue primed with {@code pending} events at random times within the first millisecond. */
  public BareLoop(int pending, long seed) {
    if (pending < 1) {
      throw new IllegalArgumentException("pending must be >= 1");
    }
    this.queue = new PriorityQueue<>(Math.max(16, pending * 2));
    this.state = seed;
    for (int i = 0; i < pending; i++) {
      queue.add(new Event(next() & 1023, seq++, i, i));
    }
  }

  private long next() {
    long z = (state += 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Handles {@code events} events; returns a value depending on all of them (so nothing is optimised away). */
  public long run(long events) {
    PriorityQueue<Event> q = queue;
    long acc = 0;
    for (long i = 0; i < events; i++) {
      Event e = q.poll();
      now = e.time();
      long draw = next();
      acc += e.payload() ^ draw; // the trivial handler
      // 1 + a delay of up to ~2 ms in microseconds, like a calm network's
      q.add(new Event(now + 1 + (draw >>> 53), seq++, e.target(), e.payload() + 1));
    }
    sink += acc;
    return acc;
  }

  public int pending() {
    return queue.size();
  }

  public long now() {
    return now;
  }

  /** Events per second over {@code iterations} timed runs of {@code events} each, after {@code warmup} runs. */
  public static Stats measure(int pending, long events, int warmup, int iterations) {
    BareLoop loop = new BareLoop(pending, 42);
    for (int i = 0; i < warmup; i++) {
      loop.run(events);
    }
    double[] rates = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      loop.run(events);
      long t = System.nanoTime() - t0;
      rates[i] = events * 1e9 / Math.max(1, t);
    }
    return Stats.of(rates);
  }
}
