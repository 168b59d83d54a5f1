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

  /** The node's clock runs at permille/1000 of real speed for its timers (1000 = exact). */
  record Skew(int node, int permille) implements Fault {
    public Skew {
      if (permille <= 0) {
        throw new IllegalArgumentException("skew must be positive: " + permille);
      }
    }

    public String describe() {
      return "skew " + node + " " + permille;
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
}
