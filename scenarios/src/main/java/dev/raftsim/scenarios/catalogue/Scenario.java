package dev.raftsim.scenarios.catalogue;

import dev.raftsim.invariants.Checkers;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.sim.NetworkParams;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import dev.raftsim.scenarios.ProtocolKnobs;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deterministic, scripted scenario: a cluster, a timeline of actions and expectations, and what the run must end
 * with. Built in Java with {@link #named(String)} or read from a text file with {@link ScenarioText}; both give this
 * same value, so a Java-built scenario can be printed as a file and read back equal.
 *
 * <pre>{@code
 * Scenario s = Scenario.named("ReElection").purpose("leader disconnected -> new leader").nodes(3)
 *     .at(ms(0)).within(ms(1500)).expectOneLeader()
 *     .then().isolate(leader())
 *     .then().within(ms(2000)).expectLeaderChanged()
 *     .build();
 * ScenarioResult r = ScenarioRunner.run(s);
 * }</pre>
 *
 * @param clients scripted clients (1-based; one more, used for {@code propose}, is added behind them)
 * @param workload whether the clients generate their own random workload instead of waiting for the script
 * @param limitMicros hard limit of simulated time; the run normally ends when the timeline is done
 * @param expectedViolations when not empty, the run must break one of these invariants (a planted-bug scenario)
 * @param catches planted bugs this scenario is known to detect (each makes it fail); documentation, and tested
 * @param expectedOutput for text scenarios, the expected transcript (the block after {@code ----}); null for none
 * @param protocol read mode, PreVote, CheckQuorum and the lease's drift bound (default: Figure 2's protocol)
 * @param snapshotEvery every server snapshots every this many applied entries (0: never)
 * @param spares the last this many servers start as spares, outside the initial configuration
 */
public record Scenario(
    String name,
    String purpose,
    int nodes,
    int clients,
    boolean workload,
    long seed,
    long limitMicros,
    boolean noOpOnElection,
    long electionMinMicros,
    long electionMaxMicros,
    long heartbeatMicros,
    int maxEntriesPerAppend,
    Set<PlantedBug> bugs,
    NetworkParams network,
    List<Step> steps,
    List<String> expectedViolations,
    List<PlantedBug> catches,
    List<String> expectedOutput,
    ProtocolKnobs protocol,
    int snapshotEvery,
    int spares) {

  public static final int DEFAULT_NODES = 3;
  public static final int DEFAULT_CLIENTS = 1;
  public static final long DEFAULT_SEED = 1;
  public static final long DEFAULT_LIMIT_MICROS = 60_000_000;
  public static final long DEFAULT_ELECTION_MIN_MICROS = 150_000;
  public static final long DEFAULT_ELECTION_MAX_MICROS = 300_000;
  public static final long DEFAULT_HEARTBEAT_MICROS = 50_000;
  public static final int DEFAULT_BATCH = 8;

  /** Names a violation can carry besides the safety and liveness invariants. */
  public static final String LINEARIZABILITY = "Linearizability";

  public Scenario {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new InvalidScenarioException(-1, "scenario names are letters, digits, '-' and '_': '" + name + "'");
    }
    purpose = purpose == null ? "" : purpose.strip();
    if (nodes < 1 || nodes > 15) {
      throw new InvalidScenarioException(-1, "nodes must be in 1..15, got " + nodes);
    }
    if (clients < 0 || clients > 32) {
      throw new InvalidScenarioException(-1, "clients must be in 0..32, got " + clients);
    }
    if (limitMicros <= 0) {
      throw new InvalidScenarioException(-1, "the time limit must be positive");
    }
    if (electionMinMicros <= 0 || electionMaxMicros < electionMinMicros) {
      throw new InvalidScenarioException(-1, "the election timeout range must be positive and ordered");
    }
    if (heartbeatMicros <= 0 || heartbeatMicros >= electionMinMicros) {
      throw new InvalidScenarioException(-1, "the heartbeat must be positive and shorter than the election timeout");
    }
    if (snapshotEvery < 0) {
      throw new InvalidScenarioException(-1, "snapshot must be >= 0 (0: never)");
    }
    if (spares < 0 || spares >= nodes) {
      throw new InvalidScenarioException(-1, "spares must be in 0.." + (nodes - 1) + " (one server at least starts as a"
          + " voter), got " + spares);
    }
    if (maxEntriesPerAppend < 1) {
      throw new InvalidScenarioException(-1, "batch must be >= 1");
    }
    bugs = bugs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(bugs));
    Objects.requireNonNull(network, "network");
    steps = List.copyOf(steps);
    expectedViolations = List.copyOf(expectedViolations);
    for (String v : expectedViolations) {
      if (!Checkers.INVARIANTS.contains(v) && !LINEARIZABILITY.equals(v)) {
        throw new InvalidScenarioException(-1, "unknown invariant '" + v + "'; valid: "
            + String.join(", ", Checkers.INVARIANTS) + ", " + LINEARIZABILITY);
      }
    }
    catches = List.copyOf(new TreeSet<>(catches));
    expectedOutput = expectedOutput == null ? null : List.copyOf(expectedOutput);
    Objects.requireNonNull(protocol, "protocol");
    validateSteps(nodes, clients, workload, limitMicros, steps);
  }

  /** Starts a Java-built scenario. */
  public static ScenarioBuilder named(String name) {
    return new ScenarioBuilder(name);
  }

  /** Milliseconds as the microseconds every scenario time is kept in. */
  public static long ms(double millis) {
    return Math.round(millis * 1_000);
  }

  public static long seconds(double s) {
    return Math.round(s * 1_000_000);
  }

  /** Bugs in declaration order (sets of enums iterate in an order that must not leak into output). */
  public List<PlantedBug> bugList() {
    return bugs.isEmpty() ? List.of() : new ArrayList<>(EnumSet.copyOf(bugs));
  }

  public Scenario withSeed(long s) {
    return new Scenario(name, purpose, nodes, clients, workload, s, limitMicros, noOpOnElection, electionMinMicros,
        electionMaxMicros, heartbeatMicros, maxEntriesPerAppend, bugs, network, steps, expectedViolations, catches,
        expectedOutput, protocol, snapshotEvery, spares);
  }

  public Scenario withSteps(List<Step> newSteps) {
    return new Scenario(name, purpose, nodes, clients, workload, seed, limitMicros, noOpOnElection, electionMinMicros,
        electionMaxMicros, heartbeatMicros, maxEntriesPerAppend, bugs, network, newSteps, expectedViolations, catches,
        expectedOutput, protocol, snapshotEvery, spares);
  }

  public Scenario withExpectedOutput(List<String> output) {
    return new Scenario(name, purpose, nodes, clients, workload, seed, limitMicros, noOpOnElection, electionMinMicros,
        electionMaxMicros, heartbeatMicros, maxEntriesPerAppend, bugs, network, steps, expectedViolations, catches,
        output, protocol, snapshotEvery, spares);
  }

  /** Rejects what cannot run: unknown nodes, labels and registers used before they are set, impossible times. */
  private static void validateSteps(int nodes, int clients, boolean workload, long limit, List<Step> steps) {
    List<String> labels = new ArrayList<>();
    List<String> registers = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      Action a = s.action();
      if (s.absolute() && s.micros() >= limit) {
        throw new InvalidScenarioException(i, "step time " + s.micros() / 1000.0 + " ms is not before the time limit");
      }
      for (Target t : targets(a)) {
        if (t instanceof Target.Node n && n.number() > nodes) {
          throw new InvalidScenarioException(i, "node " + n.text() + " does not exist (nodes n1..n" + nodes + ")");
        }
        if (t instanceof Target.Register r && !registers.contains(r.name()) && !"L".equals(r.name())) {
          throw new InvalidScenarioException(i, "register " + r.name() + " is used before 'remember " + r.name() + "'");
        }
        if (t instanceof Target.Rest && !(a instanceof Action.Partition)) {
          throw new InvalidScenarioException(i, "'rest' only makes sense in a partition");
        }
        boolean multi = t instanceof Target.All;
        if (multi && (a instanceof Action.Propose || a instanceof Action.Cut || a instanceof Action.Clog
            || a instanceof Action.Campaign || a instanceof Action.ChangeMembership || a instanceof Check.Voters)) {
          throw new InvalidScenarioException(i, "'all' cannot be used here: the action needs one node");
        }
      }
      if (a instanceof Action.Remember r) {
        registers.add(r.name());
      }
      if ((a instanceof Action.Submit || a instanceof Action.ClientOp) && (clients == 0 || workload)) {
        throw new InvalidScenarioException(i, "client operations need scripted clients (clients >= 1, no workload)");
      }
      String defines = a instanceof Action.ClientOp c ? c.label() : a instanceof Action.Propose p ? p.label() : null;
      if (defines != null) {
        if (labels.contains(defines)) {
          throw new InvalidScenarioException(i, "label '" + defines + "' is defined twice");
        }
        labels.add(defines);
      }
      String uses = a instanceof Check.CommittedOnce c ? c.label()
          : a instanceof Check.CommittedAt c ? c.label()
          : a instanceof Check.NotCommitted c ? c.label() : null;
      if (uses != null && !labels.contains(uses)) {
        throw new InvalidScenarioException(i, "label '" + uses + "' is used before a submission defines it");
      }
    }
  }

  static List<Target> targets(Action a) {
    List<Target> out = new ArrayList<>();
    if (a instanceof Action.Partition p) {
      p.groups().forEach(out::addAll);
    } else if (a instanceof Action.Isolate x) {
      out.add(x.target());
    } else if (a instanceof Action.Connect x) {
      out.add(x.target());
    } else if (a instanceof Action.Cut x) {
      out.add(x.from());
      out.add(x.to());
    } else if (a instanceof Action.Clog x) {
      out.add(x.from());
      out.add(x.to());
    } else if (a instanceof Action.Crash x) {
      out.add(x.target());
    } else if (a instanceof Action.Restart x) {
      out.add(x.target());
    } else if (a instanceof Action.Skew x) {
      out.add(x.target());
    } else if (a instanceof Action.Pause x) {
      out.add(x.target());
    } else if (a instanceof Action.Resume x) {
      out.add(x.target());
    } else if (a instanceof Action.Campaign x) {
      out.add(x.target());
    } else if (a instanceof Action.Propose x) {
      out.add(x.target());
    } else if (a instanceof Action.Remember x) {
      out.add(x.target());
    } else if (a instanceof Action.ChangeMembership x) {
      out.add(x.asked());
      out.addAll(x.servers());
    } else if (a instanceof Check.Voters x) {
      out.addAll(x.voters());
    }
    return out;
  }
}
