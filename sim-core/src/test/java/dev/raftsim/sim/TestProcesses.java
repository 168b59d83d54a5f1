package dev.raftsim.sim;

import java.util.ArrayList;
import java.util.List;

/** Tiny processes the kernel tests host: the kernel must run any process, never Raft types. */
final class TestProcesses {
  private TestProcesses() {}

  record Msg(int hop, long value) {}

  static final MessageCodec<Msg> CODEC = new MessageCodec<>() {
    @Override
    public long fingerprint(Msg m) {
      return Prng.mix64(m.hop() * 31L + m.value());
    }

    @Override
    public String summary(Msg m) {
      return "msg hop=" + m.hop() + " v=" + m.value();
    }
  };

  /** Each process gossips a random value to a random peer every 1..10 ms and forwards what it hears once. */
  static final class Gossip implements SimProcess<Msg> {
    final int processes;
    final List<Msg> received = new ArrayList<>();
    int timers;

    Gossip(int processes) {
      this.processes = processes;
    }

    @Override
    public void onStart(Context<Msg> ctx) {
      ctx.setTimer(0, 1_000 + ctx.random().nextInt(9_000));
    }

    @Override
    public void onMessage(Context<Msg> ctx, int from, Msg message) {
      received.add(message);
      if (message.hop() < 2) {
        ctx.send(ctx.random().nextInt(processes), new Msg(message.hop() + 1, message.value()));
      }
    }

    @Override
    public void onTimer(Context<Msg> ctx, int timer) {
      timers++;
      ctx.send(ctx.random().nextInt(processes), new Msg(0, ctx.random().nextLong()));
      ctx.setTimer(0, 1_000 + ctx.random().nextInt(9_000));
    }
  }

  /** Records everything it is told; sends only when a host action tells it to. */
  static final class Recorder implements SimProcess<Msg> {
    final int incarnation;
    final List<Object> durableAtStart;
    final List<String> log = new ArrayList<>();

    Recorder(int incarnation, List<Object> durable) {
      this.incarnation = incarnation;
      this.durableAtStart = List.copyOf(durable);
    }

    @Override
    public void onStart(Context<Msg> ctx) {
      log.add("start@" + ctx.now());
    }

    @Override
    public void onMessage(Context<Msg> ctx, int from, Msg message) {
      log.add("msg " + message.value() + " from " + from + "@" + ctx.now());
    }

    @Override
    public void onTimer(Context<Msg> ctx, int timer) {
      log.add("timer " + timer + "@" + ctx.now());
    }
  }

  static SimulationConfig config(long seed, int nodes, FaultPlan plan) {
    return new SimulationConfig(seed, nodes, nodes, plan, 2, 0);
  }

  static Simulation<Msg> gossip(long seed, int nodes, FaultPlan plan) {
    return new Simulation<>(config(seed, nodes, plan), CODEC, (id, inc, durable) -> new Gossip(nodes));
  }

  static Simulation<Msg> recorders(int nodes, FaultPlan plan, long writeback) {
    return new Simulation<>(new SimulationConfig(1, nodes, nodes, plan, 2, writeback), CODEC,
        (id, inc, durable) -> new Recorder(inc, durable));
  }
}
