package dev.raftsim.scenarios.catalogue;

import dev.raftsim.raft.Op;
import dev.raftsim.sim.NetworkParams;
import java.util.List;
import java.util.Objects;

/**
 * One thing a scenario does at a point of its timeline. Plain data: {@link ScenarioText} reads and writes every
 * kind, and the runner gives them their meaning. Expectations are the {@link Check} kinds.
 */
public sealed interface Action permits Action.Partition, Action.Heal, Action.HealAll, Action.Isolate, Action.Connect,
    Action.Cut, Action.Clog, Action.Crash, Action.Restart, Action.Pause, Action.Resume, Action.Skew, Action.Campaign,
    Action.EnsureUp, Action.Network, Action.Submit, Action.ClientOp, Action.Propose, Action.StopClients,
    Action.Remember, Action.Mark, Action.Show, Action.ChangeMembership, Check {

  /** Splits the nodes into groups that only talk within themselves; {@link Target.Rest} may stand for a group. */
  record Partition(List<List<Target>> groups) implements Action {
    public Partition {
      groups = groups.stream().map(List::copyOf).toList();
      if (groups.size() < 2) {
        throw new IllegalArgumentException("a partition needs at least two groups");
      }
      for (List<Target> g : groups) {
        if (g.isEmpty()) {
          throw new IllegalArgumentException("a partition group is empty");
        }
        for (Target t : g) {
          if ((t instanceof Target.Rest && g.size() > 1) || t instanceof Target.All || t instanceof Target.RandomNode) {
            throw new IllegalArgumentException("'" + t.text() + "' cannot be a partition member"
                + (t instanceof Target.Rest ? " next to others: rest is a group of its own" : ""));
          }
        }
      }
    }
  }

  /** Restores every link (partitions, isolations, cuts); every node counts as connected again. */
  record Heal() implements Action {}

  /** Faults stop: links restored, clogs cleared, paused nodes resumed, crashed nodes restarted, network calm. */
  record HealAll() implements Action {}

  /** Cuts every link to and from the node(s), which count as disconnected (the lab's disconnect). */
  record Isolate(Target target) implements Action {}

  /** Restores the links between the node(s) and every connected node (the lab's connect). */
  record Connect(Target target) implements Action {}

  /** The node's clock rate: its timers take permille/1000 of their time (1000 exact, 1400 slow, 700 fast). */
  record Skew(Target target, int permille) implements Action {
    public Skew {
      if (permille <= 0 || permille > 100_000) {
        throw new IllegalArgumentException("a skew is a positive permille up to 100000, got " + permille);
      }
    }
  }

  /** Cuts the one-way link from -> to: an asymmetric partition. */
  record Cut(Target from, Target to) implements Action {}

  /** Holds the messages sent on from -> to for a while. */
  record Clog(Target from, Target to, long micros) implements Action {
    public Clog {
      if (micros <= 0) {
        throw new IllegalArgumentException("a clog lasts a positive time");
      }
    }
  }

  record Crash(Target target) implements Action {}

  /** Restarts crashed node(s) from their durable state. */
  record Restart(Target target) implements Action {}

  record Pause(Target target) implements Action {}

  record Resume(Target target) implements Action {}

  /** Fires the node's election timeout now (etcd's MsgHup), for scripts that decide who runs for leader. */
  record Campaign(Target target) implements Action {}

  /**
   * Figure 8's repair step: while fewer than {@code count} nodes are up and connected, restarts or reconnects one
   * random node that is not (one per execution, as the lab does).
   */
  record EnsureUp(int count) implements Action {
    public EnsureUp {
      if (count < 1) {
        throw new IllegalArgumentException("ensure-up needs a positive count");
      }
    }
  }

  /** Changes the network's delay, loss and duplication from now on. */
  record Network(NetworkParams params) implements Action {
    public Network {
      Objects.requireNonNull(params, "params");
    }
  }

  /** Submits {@code count} appends (keys x, y, z in turn) through the scripted clients, queued until one is idle. */
  record Submit(int count) implements Action {
    public Submit {
      if (count < 1) {
        throw new IllegalArgumentException("submit needs a positive count");
      }
    }
  }

  /** One operation through a scripted client (its value is the client's own unique one); label may be null. */
  record ClientOp(Op op, String key, String label) implements Action {
    public ClientOp {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * The lab's {@code rf.Start(cmd)}: hands the target node {@code put key=value} directly. The target must be the
   * leader (the node believes it is), else the scenario fails, unless the target is {@code leader?}.
   */
  record Propose(Target target, String key, String value, String label) implements Action {
    public Propose {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** Workload clients stop generating new operations (each finishes the one it has in flight). */
  record StopClients() implements Action {}

  /** Stores the node the target resolves to now in a register, for later {@code NAME} / {@code NAME+k} targets. */
  record Remember(String name, Target target) implements Action {
    public Remember {
      new Target.Register(name, 0); // validates the name
      if (target instanceof Target.All || target instanceof Target.Rest || target instanceof Target.Leader l && l.optional()) {
        throw new IllegalArgumentException("remember needs a single node, not '" + target.text() + "'");
      }
    }
  }

  /**
   * Records the state later checks compare against: the leader (also into register L), the highest term and the
   * message counters.
   */
  record Mark() implements Action {}

  /**
   * Asks node {@code asked}, as leader, for a membership change of {@code servers} (for {@code replace}: the new
   * voters) or to transfer leadership to one of them (see {@link dev.raftsim.spi.MembershipChange}). With {@code
   * mustAccept} a refusal fails the scenario; without, it is part of the story (the correct model refuses what a
   * planted bug lets through).
   */
  record ChangeMembership(Target asked, dev.raftsim.scenarios.Reconfiguration.Kind kind, List<Target> servers,
      boolean mustAccept) implements Action {
    public ChangeMembership {
      Objects.requireNonNull(asked, "asked");
      Objects.requireNonNull(kind, "kind");
      servers = List.copyOf(servers);
      if (kind == dev.raftsim.scenarios.Reconfiguration.Kind.PARTITION_CONFIG) {
        throw new IllegalArgumentException("partition-config is the nemesis's; a scenario partitions by itself");
      }
      if (servers.isEmpty() || servers.size() > 1 && kind != dev.raftsim.scenarios.Reconfiguration.Kind.REPLACE) {
        throw new IllegalArgumentException(kind.cliName() + (kind == dev.raftsim.scenarios.Reconfiguration.Kind.REPLACE
            ? " needs the new voters" : " names one server"));
      }
    }
  }

  /** Prints part of the cluster state into the transcript: leader, terms, commit, logs, state or config. */
  record Show(String what) implements Action {
    public static final List<String> WHAT = List.of("leader", "terms", "commit", "logs", "state", "config");

    public Show {
      if (!WHAT.contains(what)) {
        throw new IllegalArgumentException("show what? '" + what + "' (valid: " + String.join(", ", WHAT) + ")");
      }
    }
  }
}
