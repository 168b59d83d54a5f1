package dev.raftsim.scenarios.check.internal;

import dev.raftsim.invariants.Violation;
import dev.raftsim.raft.Entry;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.Role;
import dev.raftsim.scenarios.check.CheckAction;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a path of actions from the initial state, one at a time, with every invariant checked after each step:
 * rebuilds a counterexample from the BFS parent pointers, and replays a saved one. Describes each step for
 * people and chains the states' exact fingerprints into the path digest.
 */
public final class PathRunner {
  private final Model model;
  private final Model.Scratch scratch;
  private State current;
  private long digest;
  private final List<CheckAction> steps = new ArrayList<>();

  public PathRunner(Model model) {
    this.model = model;
    this.scratch = model.scratch();
    this.current = model.initial();
    this.digest = Mix.combine(Mix.SEED, current.concreteFp(model.sym));
  }

  public State current() {
    return current;
  }

  public List<CheckAction> steps() {
    return steps;
  }

  public String digestHex() {
    return Mix.hex(digest);
  }

  /** Violations of the initial state itself (none for a sane model). */
  public Violation checkInitial() {
    return model.checkState(current);
  }

  /** Applies the enabled action {@code code}; returns the first invariant it breaks, or null. */
  public Violation apply(int code) {
    State before = current;
    State after = model.step(before, code, 0, scratch);
    Violation v = model.checkTransition(after, scratch);
    steps.add(action(before, code, after));
    if (after != null) {
      current = after;
      digest = Mix.combine(digest, after.concreteFp(model.sym));
    } else {
      digest = Mix.combine(digest, 0xDEADL);
    }
    return v;
  }

  /** The position of the packet (from, to, message) in the current network, or -1. */
  public int findPacket(int from, int to, dev.raftsim.raft.RaftMessage msg) {
    Packet probe = new Packet(from, to, msg, model.n);
    for (int j = 0; j < current.net.length; j++) {
      if (current.net[j].sameAs(probe)) {
        return j;
      }
    }
    return -1;
  }

  private CheckAction action(State before, int code, State after) {
    int kind = Model.kind(code);
    int arg = Model.arg(code);
    switch (kind) {
      case Model.TIMEOUT:
      case Model.HEARTBEAT:
      case Model.PROPOSE:
      case Model.RESTART:
      case Model.SNAPSHOT:
        return new CheckAction(typeName(kind), arg, -1, -1, null, nodeText(before, kind, arg, after));
      case Model.ADD_VOTER:
      case Model.REMOVE_SERVER: {
        int i = arg >> 4;
        String text = Model.name(i) + (after == null ? " " + typeName(kind) + " (the node threw)"
            : " proposes " + after.nodes[i].node.membership().describe() + " ("
                + (kind == Model.ADD_VOTER ? "adds " : "removes ") + Model.name(arg & 15) + ") at index "
                + after.nodes[i].lastIndex + sends(before, after, i));
        return new CheckAction(typeName(kind), i, -1, arg & 15, null, text);
      }
      default: {
        Packet p = before.net[arg];
        String text;
        if (kind == Model.DELIVER) {
          text = "deliver " + p.describe() + effect(before.nodes[p.to], after == null ? null : after.nodes[p.to],
              after);
        } else if (kind == Model.DROP) {
          text = "drop " + p.describe();
        } else {
          text = "duplicate " + p.describe() + " (now " + (before.count(arg) + 1) + " copies in flight)";
        }
        return new CheckAction(typeName(kind), kind == Model.DELIVER ? p.to : -1, p.from, p.to, p.msg, text);
      }
    }
  }

  public static String typeName(int kind) {
    switch (kind) {
      case Model.TIMEOUT:
        return "timeout";
      case Model.HEARTBEAT:
        return "heartbeat";
      case Model.PROPOSE:
        return "propose";
      case Model.RESTART:
        return "restart";
      case Model.DELIVER:
        return "deliver";
      case Model.DROP:
        return "drop";
      case Model.DUPLICATE:
        return "duplicate";
      case Model.ADD_VOTER:
        return "add-voter";
      case Model.REMOVE_SERVER:
        return "remove-server";
      case Model.SNAPSHOT:
        return "snapshot";
      default:
        throw new IllegalArgumentException("unknown action kind " + kind);
    }
  }

  /** The action kind of a type name, or -1. */
  public static int kindOf(String type) {
    for (int k = Model.TIMEOUT; k <= Model.SNAPSHOT; k++) {
      if (typeName(k).equals(type)) {
        return k;
      }
    }
    return -1;
  }

  private String nodeText(State before, int kind, int i, State after) {
    String name = Model.name(i);
    NodeSnap old = before.nodes[i];
    if (after == null) {
      return name + " " + typeName(kind) + " (the node threw)";
    }
    NodeSnap now = after.nodes[i];
    switch (kind) {
      case Model.TIMEOUT:
        if (now.role == Role.LEADER) {
          return name + " times out -> leader of term " + now.term + sends(before, after, i);
        }
        return name + " times out -> candidate in term " + now.term + sends(before, after, i);
      case Model.HEARTBEAT:
        return name + " heartbeat timeout" + sends(before, after, i);
      case Model.PROPOSE: {
        Entry e = now.node.entryAt(now.lastIndex);
        return name + " accepts client command " + e.describe() + " at index " + now.lastIndex + " (term "
            + e.term() + ")" + sends(before, after, i) + (now.commitIndex != old.commitIndex ? ", commits "
            + now.commitIndex : "");
      }
      case Model.SNAPSHOT:
        return name + " takes a snapshot at its applied index " + now.node.snapshotIndex() + " (term "
            + now.node.snapshotTerm() + ") and discards its log through it: log " + log(now.node);
      default:
        return name + " crashes and restarts from disk: term " + now.term + ", vote "
            + (now.node.votedFor() < 0 ? "none" : Model.name(now.node.votedFor())) + ", log " + log(now.node)
            + (now.node.snapshotIndex() > 0 ? ", commit and applied " + now.commitIndex + " from the snapshot" : "");
    }
  }

  private static String sends(State before, State after, int i) {
    StringBuilder b = new StringBuilder();
    for (Packet p : after.net) {
      if (p.from != i) {
        continue;
      }
      boolean wasThere = false;
      for (Packet q : before.net) {
        if (q.sameAs(p)) {
          wasThere = true;
          break;
        }
      }
      if (!wasThere) {
        b.append(b.length() == 0 ? ", sends " : ", ").append(p.msg.summary()).append(" to ")
            .append(Model.name(p.to));
      }
    }
    return b.toString();
  }

  /** What changed on a node, e.g. {@code  -> n1: term 2, follower, votes for n2, log [1], commit 1}. */
  private static String effect(NodeSnap old, NodeSnap now, State after) {
    if (now == null) {
      return " -> the node threw";
    }
    List<String> parts = new ArrayList<>();
    RaftNode a = old.node;
    RaftNode b = now.node;
    if (b.currentTerm() != a.currentTerm()) {
      parts.add("term " + b.currentTerm());
    }
    if (b.role() != a.role()) {
      parts.add(b.role() == Role.LEADER ? "becomes leader" : b.role().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (b.votedFor() != a.votedFor() && b.votedFor() >= 0) {
      parts.add("votes for " + Model.name(b.votedFor()));
    }
    if (b.lastIndex() != a.lastIndex() || b.prefixDigest(b.lastIndex()) != a.prefixDigest(a.lastIndex())) {
      parts.add("log " + log(b));
    }
    if (b.snapshot() != a.snapshot()) {
      parts.add("installs the snapshot through " + b.snapshotIndex());
    }
    if (b.commitIndex() != a.commitIndex()) {
      parts.add("commit " + b.commitIndex());
    }
    if (b.lastApplied() < a.lastApplied()) {
      parts.add("applied " + b.lastApplied());
    }
    if (b.role() == Role.CANDIDATE && b.votesCounted() != a.votesCounted()) {
      parts.add(b.votesCounted() + " votes");
    }
    if (now.durable != null && (old.durable == null || now.durable.length != old.durable.length)) {
      parts.add("disk log " + log(now.durable));
    }
    if (parts.isEmpty()) {
      return " (no change to " + Model.name(b.id()) + ")";
    }
    return " -> " + Model.name(b.id()) + ": " + String.join(", ", parts);
  }

  /**
   * A log as the list of its entries' terms, e.g. {@code [1,1,2]}; with a snapshot base, the base first, e.g.
   * {@code [snapshot 2/1 | 2]} (through index 2, of term 1, then an entry of term 2).
   */
  static String log(RaftNode node) {
    int base = node.snapshotIndex();
    StringBuilder b = new StringBuilder("[");
    if (base > 0) {
      b.append("snapshot ").append(base).append('/').append(node.snapshotTerm()).append(" |");
    }
    for (int i = base + 1; i <= node.lastIndex(); i++) {
      b.append(i > base + 1 ? "," : base > 0 ? " " : "").append(node.termAt(i));
    }
    return b.append("]").toString();
  }

  static String log(Entry[] entries) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < entries.length; i++) {
      b.append(i > 0 ? "," : "").append(entries[i].term());
    }
    return b.append("]").toString();
  }
}
