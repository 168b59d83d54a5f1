package dev.raftsim.scenarios.catalogue;

/**
 * Which node (or nodes) a scenario action acts on, resolved at the moment the action runs so that "the leader" is
 * whoever leads then. Nodes are numbered 1..N as in the paper (S1..S5) and written {@code n1..nN}; the simulator's
 * own traces number them from 0.
 */
public sealed interface Target {

  /** The text form used in scenario files, e.g. {@code n2}, {@code leader}, {@code L+1}. */
  String text();

  /** One fixed node, 1-based. */
  record Node(int number) implements Target {
    public Node {
      if (number < 1) {
        throw new IllegalArgumentException("nodes are numbered from 1, got " + number);
      }
    }

    public String text() {
      return "n" + number;
    }
  }

  /**
   * The current leader: the up node that believes it leads, with the highest term. With {@code optional} the action
   * is skipped when there is none; otherwise that fails the scenario.
   */
  record Leader(boolean optional) implements Target {
    public String text() {
      return optional ? "leader?" : "leader";
    }
  }

  /** A connected, up follower of the current leader: the first one after the leader in id order (cyclically). */
  record Follower() implements Target {
    public String text() {
      return "follower";
    }
  }

  /**
   * The node remembered in a register plus an offset modulo N, like the lab's {@code (leader1 + 1) % servers}.
   * Register {@code L} holds the leader last observed by {@code expect one-leader}, {@code expect leader-changed} or
   * {@code mark}; {@code remember NAME TARGET} fills any other register.
   */
  record Register(String name, int offset) implements Target {
    public Register {
      if (!name.matches("[A-Z][A-Za-z0-9]*")) {
        throw new IllegalArgumentException("register names start with a capital letter: '" + name + "'");
      }
      if (offset < 0) {
        throw new IllegalArgumentException("register offsets are >= 0, got " + offset);
      }
    }

    public String text() {
      return offset == 0 ? name : name + "+" + offset;
    }
  }

  /**
   * One node drawn from the scenario's random stream among those the action makes sense for (crash: up nodes;
   * restart: crashed ones; isolate: connected ones; connect: disconnected ones; pause/resume: running/paused ones).
   * When there is none the action does nothing.
   */
  record RandomNode() implements Target {
    public String text() {
      return "random";
    }
  }

  /** Every node the action makes sense for (e.g. {@code restart all} restarts every crashed node). */
  record All() implements Target {
    public String text() {
      return "all";
    }
  }

  /** In a partition only, as a whole group: every node not named in another group. */
  record Rest() implements Target {
    public String text() {
      return "rest";
    }
  }

  static Target n(int number) {
    return new Node(number);
  }

  static Target leader() {
    return new Leader(false);
  }

  static Target leaderIfAny() {
    return new Leader(true);
  }

  static Target follower() {
    return new Follower();
  }

  /** Register {@code L}: the leader last observed. */
  static Target marked() {
    return new Register("L", 0);
  }

  /** Register {@code L} plus an offset: the lab's {@code (leader + k) % servers}. */
  static Target marked(int offset) {
    return new Register("L", offset);
  }

  static Target reg(String name) {
    return new Register(name, 0);
  }

  static Target reg(String name, int offset) {
    return new Register(name, offset);
  }

  static Target random() {
    return new RandomNode();
  }

  static Target all() {
    return new All();
  }

  static Target rest() {
    return new Rest();
  }
}
