package dev.raftsim.raft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random schedule over {@link TestNet}: random delivery order, drops, duplicates, timeouts,
 * proposals, crashes and restarts, with the Figure 3 safety properties checked after every step.
 * (Test code: java.util.Random with a fixed seed is fine here.)
 */
final class Chaos {

  private final TestNet net;
  private final Random rnd;
  private final Map<Long, Integer> leaderOfTerm = new HashMap<>();
  private final Map<Integer, Long> appliedAt = new HashMap<>();
  private final Map<Integer, Long> committedPrefix = new HashMap<>();
  private final int[] appliedChecked;
  private int maxCommitted;
  private int proposals;
  final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();

  private void note(String s) {
    if (recent.size() == 80) {
      recent.removeFirst();
    }
    recent.addLast(s);
  }

  Chaos(RaftConfig cfg, long seed) {
    this.net = new TestNet(cfg);
    this.rnd = new Random(seed);
    this.appliedChecked = new int[cfg.clusterSize()];
  }

  /** Runs {@code steps} random steps; returns the first safety violation, or null. */
  String run(int steps) {
    for (int s = 0; s < steps; s++) {
      step();
      String v = check();
      if (v != null) {
        return "step " + s + ": " + v;
      }
    }
    return null;
  }

  int maxCommitted() {
    return maxCommitted;
  }

  /** The last actions before the end of the run, for failure messages. */
  String recentActions() {
    return String.join("\n", recent);
  }

  /**
   * Faults stop: every node restarts, the network turns reliable. Returns null if a leader gets elected,
   * commits a new command and brings every log to the same committed state; else what went wrong.
   */
  String calmDown() {
    for (int i = 0; i < net.n; i++) {
      if (net.isCrashed(i)) {
        net.restart(i);
        appliedChecked[i] = 0;
      }
    }
    net.deliverAll();
    int leader = -1;
    for (int i = 0; i < net.n && leader < 0; i++) {
      net.timeout(i);
      net.deliverAll();
      if (net.node(i).role() == Role.LEADER) {
        leader = i;
      }
    }
    if (leader < 0) {
      return "no leader after every node timed out once";
    }
    int idx = net.propose(leader, new Command(100, ++proposals, Op.PUT, "final", "v"));
    net.deliverAll();
    net.heartbeat(leader);
    net.deliverAll();
    RaftNode l = net.node(leader);
    for (int i = 0; i < net.n; i++) {
      RaftNode f = net.node(i);
      if (f.commitIndex() < idx || f.lastIndex() != l.lastIndex() || f.prefixDigest(idx) != l.prefixDigest(idx)) {
        return "node " + f + " did not converge on leader " + l;
      }
    }
    return check();
  }

  private void step() {
    int n = net.n;
    int r = rnd.nextInt(100);
    if (r < 60 && !net.inFlight.isEmpty()) {
      TestNet.Envelope e = net.inFlight.get(rnd.nextInt(net.inFlight.size()));
      int fate = rnd.nextInt(20);
      note((fate == 0 ? "drop " : fate == 1 ? "dup " : "deliver ") + e + "  | to now " + net.node(e.to()));
      if (fate == 0) {
        net.inFlight.remove(e); // lost
      } else if (fate == 1) {
        net.inFlight.add(e); // duplicated: one copy stays in flight
        net.deliver(e);
      } else {
        net.deliver(e);
      }
    } else if (r < 63) {
      int i = rnd.nextInt(n);
      if (!net.isCrashed(i)) {
        note("timeout " + i);
        net.timeout(i);
      }
    } else if (r < 76) {
      for (int i : net.leaders()) {
        net.heartbeat(i);
      }
    } else if (r < 90) {
      List<Integer> leaders = net.leaders();
      if (!leaders.isEmpty()) {
        int i = leaders.get(rnd.nextInt(leaders.size()));
        net.propose(i, new Command(100, ++proposals, Op.PUT, "k" + rnd.nextInt(4), "v" + proposals));
      }
    } else if (r < 93) {
      int i = rnd.nextInt(n);
      if (!net.isCrashed(i)) {
        note("crash " + i);
        net.crash(i);
      }
    } else {
      int i = rnd.nextInt(n);
      if (net.isCrashed(i)) {
        note("restart " + i);
        net.restart(i);
        appliedChecked[i] = 0;
      }
    }
  }

  private String check() {
    int n = net.n;
    List<RaftNode> up = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!net.isCrashed(i)) {
        up.add(net.node(i));
      }
    }
    for (RaftNode a : up) {
      if (a.role() == Role.LEADER) {
        Integer first = leaderOfTerm.putIfAbsent(a.currentTerm(), a.id());
        if (first != null && first != a.id()) {
          return "Election Safety: n" + (first + 1) + " and n" + (a.id() + 1) + " both led term " + a.currentTerm();
        }
      }
    }
    for (int x = 0; x < up.size(); x++) {
      for (int y = x + 1; y < up.size(); y++) {
        RaftNode a = up.get(x);
        RaftNode b = up.get(y);
        for (int k = Math.min(a.lastIndex(), b.lastIndex()); k > 0; k--) {
          if (a.termAt(k) == b.termAt(k)) {
            if (a.prefixDigest(k) != b.prefixDigest(k)) {
              return "Log Matching: " + a + " and " + b + " agree on the term at " + k + " but not on the prefix";
            }
            break;
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (net.isCrashed(i)) {
        continue;
      }
      TestNet.Host h = net.hosts[i];
      for (; appliedChecked[i] < h.applied.size(); appliedChecked[i]++) {
        int index = h.appliedIndexes.get(appliedChecked[i]);
        long d = h.applied.get(appliedChecked[i]).digest();
        Long prior = appliedAt.putIfAbsent(index, d);
        if (prior != null && prior != d) {
          return "State Machine Safety: n" + (i + 1) + " applied a different entry at " + index;
        }
      }
      RaftNode node = net.node(i);
      int c = node.commitIndex();
      if (c > node.lastIndex()) {
        return "commitIndex " + c + " beyond the log of " + node;
      }
      if (c > 0) {
        Long prior = committedPrefix.putIfAbsent(c, node.prefixDigest(c));
        if (prior != null && prior != node.prefixDigest(c)) {
          return "committed prefixes of length " + c + " differ (" + node + ")";
        }
        if (c > maxCommitted) {
          maxCommitted = c;
        }
      }
    }
    for (RaftNode a : up) {
      if (a.role() == Role.LEADER && maxCommitted > 0) {
        if (a.lastIndex() < maxCommitted || a.prefixDigest(maxCommitted) != committedPrefix.get(maxCommitted)) {
          return "Leader Completeness: " + a + " lacks committed prefix " + maxCommitted;
        }
      }
    }
    return null;
  }
}
