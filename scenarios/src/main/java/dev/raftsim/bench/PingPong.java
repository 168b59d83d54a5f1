package dev.raftsim.bench;

import dev.raftsim.sim.Context;
import dev.raftsim.sim.FaultPlan;
import dev.raftsim.sim.MessageCodec;
import dev.raftsim.sim.Observer;
import dev.raftsim.sim.Prng;
import dev.raftsim.sim.SimProcess;
import dev.raftsim.sim.Simulation;
import dev.raftsim.sim.SimulationConfig;

/**
 * The kernel on its own: a few processes passing small messages round a ring on a calm network, a fixed number
 * in flight, the digest on (it always is) and an observer doing trivial work after every event. Whatever this
 * costs beyond {@link BareLoop} is the kernel's own overhead (pooling, dispatch, network model, digest).
 */
public final class PingPong {
  /** The message: how far it has travelled. */
  public record Ping(long hops, int origin) {}

  static final MessageCodec<Ping> CODEC = new MessageCodec<>() {
    @Override
    public long fingerprint(Ping m) {
      return Prng.mix64(m.hops() * 0x9e3779b97f4a7c15L + m.origin());
    }

    @Override
    public String summary(Ping m) {
      return "ping " + m.hops();
    }
  };

  private static final class Node implements SimProcess<Ping> {
    private final int processes;
    private final int initial;

    Node(int processes, int initial) {
      this.processes = processes;
      this.initial = initial;
    }

    @Override
    public void onStart(Context<Ping> ctx) {
      for (int i = 0; i < initial; i++) {
        ctx.send((ctx.self() + 1) % processes, new Ping(0, ctx.self()));
      }
    }

    @Override
    public void onMessage(Context<Ping> ctx, int from, Ping message) {
      ctx.send((ctx.self() + 1) % processes, new Ping(message.hops() + 1, message.origin()));
    }

    @Override
    public void onTimer(Context<Ping> ctx, int timer) {
      throw new IllegalStateException("ping-pong sets no timers");
    }
  }

  /** Counts touches per process: enough work that the hook cannot be optimised away. */
  private static final class CountingObserver implements Observer {
    long touches;
    long lastIndex;

    @Override
    public void afterEvent(long eventIndex, long timeMicros, int touchedNode) {
      touches += touchedNode + 1;
      lastIndex = eventIndex;
    }
  }

  private final Simulation<Ping> sim;
  private final CountingObserver observer = new CountingObserver();
  private long until;

  /** {@code processes} processes, each starting {@code perProcess} messages: that many times both in flight. */
  public PingPong(int processes, int perProcess, long seed) {
    SimulationConfig config = new SimulationConfig(seed, processes, processes, FaultPlan.none(), 1, 0);
    this.sim = new Simulation<>(config, CODEC, (id, incarnation, durable) -> new Node(processes, perProcess));
    sim.setObserver(observer);
  }

  /** Runs another {@code simulatedMicros} of virtual time; returns the events handled. */
  public long run(long simulatedMicros) {
    long before = sim.eventCount();
    until += simulatedMicros;
    sim.runUntil(until);
    return sim.eventCount() - before;
  }

  /**
   * Runs at least {@code events} more events, in steps of 100 simulated microseconds (a handful of events), so
   * it overshoots by a few at most; returns the events handled.
   */
  public long runEvents(long events) {
    long before = sim.eventCount();
    long target = before + events;
    while (sim.eventCount() < target) {
      until += 100;
      sim.runUntil(until);
    }
    return sim.eventCount() - before;
  }

  public long digest() {
    return sim.digest();
  }

  public long observed() {
    return observer.touches;
  }

  /**
   * Events per second over timed runs of {@code simulatedMicros} each (64 messages in flight with a mean delay of
   * 1.5 ms make about 43,000 events per simulated second).
   */
  public static Stats measure(int processes, int perProcess, long simulatedMicros, int warmup, int iterations) {
    PingPong p = new PingPong(processes, perProcess, 42);
    for (int i = 0; i < warmup; i++) {
      p.run(simulatedMicros);
    }
    double[] rates = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      long events = p.run(simulatedMicros);
      long t = System.nanoTime() - t0;
      rates[i] = events * 1e9 / Math.max(1, t);
    }
    return Stats.of(rates);
  }
}
