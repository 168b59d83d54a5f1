package dev.raftsim.sim;

import java.util.List;

/** One fault action of a plan. Partitions concern the faultable nodes only (clients stay connected). */
public sealed interface Fault {
  /** Short human form, also the text format used in scenario files and counterexamples. */
  String describe();

  /** Volatile state and timers are lost; unsynced writes are lost; messages to it are dropped. */
  record Crash(int node) implements Fault {
    public String describe() {
      return "crash " + node;
    }
  }

  /** Restarts a crashed node from its durable records. */
  record Restart(int node) implements Fault {
    public String describe() {
      return "restart " + node;
    }
  }

  /** Freezes a node: its events wait until it resumes (a long GC pause, a stopped VM). */
  record Pause(int node) implements Fault {
    public String describe() {
      return "pause " + node;
    }
  }

  record Resume(int node) implements Fault {
    public String describe() {
      return "resume " + node;
    }
  }

  /** Symmetric partition into groups: links between different groups are cut; nodes in no group are isolated. */
  record Partition(List<List<Integer>> groups) implements Fault {
    public Partition {
      groups = groups.stream().map(List::copyOf).toList();
    }

    public String describe() {
      return "partition " + groups;
    }
  }

  /** Cuts the one-way link from -> to (an asymmetric partition). */
  record CutLink(int from, int to) implements Fault {
    public String describe() {
      return "cut " + from + "->" + to;
    }
  }

  /** Cuts every link to and from one node. */
  record Isolate(int node) implements Fault {
    public String describe() {
      return "isolate " + node;
    }
  }

  /** Two sides that cannot reach each other, and one bridge node that reaches both. */
  record Bridge(int bridge, List<Integer> left, List<Integer> right) implements Fault {
    public Bridge {
      left = List.copyOf(left);
      right = List.copyOf(right);
    }

    public String describe() {
      return "bridge " + bridge + " " + left + " " + right;
    }
  }

  /** Restores every link (partitions and cuts); clogs stay until they expire. */
  record HealNetwork() implements Fault {
    public String describe() {
      return "heal-network";
    }
  }

  /** Messages sent on from -> to are held until the clog clears. */
  record Clog(int from, int to, long durationMicros) implements Fault {
    public Clog {
      Limits.check("clog durationMicros", durationMicros, 1, Limits.MAX_MICROS);
    }

    public String describe() {
      return "clog " + from + "->" + to + " " + durationMicros + "us";
    }
  }

  /** Changes the network's delay, loss and duplication from now on. */
  record SetNetwork(NetworkParams params) implements Fault {
    public String describe() {
      return "network " + params.describe();
    }
  }

  /**
   * Every timer of the node takes permille/1000 of its nominal delay in real time: its clock runs at 1000/permille
   * of real speed (1000 = exact).
   */
  record Skew(int node, int permille) implements Fault {
    public Skew {
      Limits.check("skew permille", permille, Limits.MIN_SKEW_PERMILLE, Limits.MAX_SKEW_PERMILLE);
    }

    public String describe() {
      return "skew " + node + " " + permille;
    }
  }

  /**
   * Crashes whichever node the host calls primary at that moment (a Raft host: the leader), as FoundationDB's
   * simulator likes to kill the busiest process. Nothing happens when there is none.
   */
  record CrashPrimary() implements Fault {
    public String describe() {
      return "crash-primary";
    }
  }

  /** Restarts the node the latest {@link CrashPrimary} took down (if it is still down). */
  record RestartPrimary() implements Fault {
    public String describe() {
      return "restart-primary";
    }
  }

  /** Puts the current primary in a minority group of {@code minority} nodes (1 = isolated); heal with HealNetwork. */
  record PartitionPrimary(int minority) implements Fault {
    public PartitionPrimary {
      if (minority < 1) {
        throw new IllegalArgumentException("minority must be >= 1");
      }
    }

    public String describe() {
      return "partition-primary " + minority;
    }
  }

  /**
   * A reactive fault (a leader-hunting nemesis): armed now, it waits for a primary tenure (node and term) other
   * than the last one these triggers cut, then {@code delayMicros} later crashes it ({@code crash}) or puts it in a minority of
   * {@code minority} nodes, and undoes that after {@code durationMicros} (restart or heal). Triggers queue up, so
   * a burst of them cuts successive leaders right after they are elected: the Figure 8 pattern.
   */
  record CutNextPrimary(boolean crash, int minority, long delayMicros, long durationMicros) implements Fault {
    public CutNextPrimary {
      if (minority < 1 || delayMicros < 0 || durationMicros < 1) {
        throw new IllegalArgumentException("cut-next-primary needs minority >= 1, delay >= 0, duration >= 1");
      }
      Limits.check("cut-next-primary delayMicros", delayMicros, 0, Limits.MAX_MICROS);
      Limits.check("cut-next-primary durationMicros", durationMicros, 1, Limits.MAX_MICROS);
    }

    public String describe() {
      return "cut-next-primary " + (crash ? "crash" : "partition " + minority) + " after " + delayMicros + "us for "
          + durationMicros + "us";
    }
  }

  /**
   * An action only the host understands (for a Raft host, a membership change or a leadership transfer asked of the
   * leader), carried out by its {@link HostActions} at this time. The text is the action's whole description, so
   * plans holding it replay exactly; it must not be empty or span lines.
   */
  record Host(String action) implements Fault {
    public Host {
      if (action == null || action.isBlank() || action.indexOf('\n') >= 0 || action.length() > 200) {
        throw new IllegalArgumentException("a host action is one non-empty line of at most 200 characters");
      }
    }

    public String describe() {
      return action;
    }
  }

  /**
   * Faults stop: every link restored, clogs cleared, paused nodes resumed, crashed nodes restarted, skews reset and
   * the network set to {@code calm}. Liveness is judged from here on.
   */
  record HealAll(NetworkParams calm) implements Fault {
    public String describe() {
      return "heal-all";
    }
  }

  /**
   * Branches the run's randomness: from this instant on, the network and every process draw from streams
   * re-derived from {@code salt}, while everything before it replays exactly. A guided campaign uses it to explore
   * other futures of a schedule that reached an unusual situation, as Antithesis branches from interesting moments.
   */
  record Reseed(long salt) implements Fault {
    public String describe() {
      return "reseed " + Long.toHexString(salt);
    }
  }
}
