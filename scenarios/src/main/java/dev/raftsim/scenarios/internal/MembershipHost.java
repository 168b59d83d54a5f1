package dev.raftsim.scenarios.internal;

import dev.raftsim.scenarios.Reconfiguration;
import dev.raftsim.scenarios.Reconfiguration.Action;
import dev.raftsim.scenarios.Reconfiguration.Kind;
import dev.raftsim.sim.Fault;
import dev.raftsim.sim.HostActions;
import dev.raftsim.spi.MembershipChange;
import dev.raftsim.spi.NodeSetup;
import java.util.List;

/**
 * The host's side of membership: carries out the plan's reconfiguration requests against whichever server leads
 * (through {@link ServerProcess}, so whatever the implementation throws is a finding), keeps the cluster sane (it
 * never asks to go below a minimum of voters, and adds spares and removed servers back), and counts what took
 * effect: committed configuration entries and leadership transfers whose target then won.
 */
final class MembershipHost implements HostActions {
  private final RaftCluster cluster;
  private final int nodes;
  private final long initialVoters;
  /** Never ask for fewer voters than this: the initial configuration's size, up to three. */
  private final int minVoters;
  /** The members (voters and learners) before and after the last change a leader accepted (0: none yet). */
  private long lastBefore;
  private long lastAfter;
  /** An accepted transfer waiting for the next election: its target (-1: none) and the term it was asked in. */
  private int transferTarget = -1;
  private long transferTerm;
  private long configChanges;
  private long leadershipTransfers;
  private long requestsAccepted;
  /** A request armed for the next election (null: none), and the highest term any server had when it was armed. */
  private Action armed;
  private long armedTerm;
  /** Committed log indexes up to here were scanned for configuration entries. */
  private int configScan;

  MembershipHost(RaftCluster cluster, long initialVoters) {
    this.cluster = cluster;
    this.nodes = cluster.size();
    this.initialVoters = initialVoters;
    this.minVoters = Math.min(3, Long.bitCount(initialVoters));
  }

  long configChanges() {
    return configChanges;
  }

  long leadershipTransfers() {
    return leadershipTransfers;
  }

  long requestsAccepted() {
    return requestsAccepted;
  }

  @Override
  public Outcome perform(String text) {
    Action a;
    try {
      a = Reconfiguration.parse(text, nodes);
    } catch (IllegalArgumentException e) {
      return new Outcome(null, "not understood");
    }
    return perform(a);
  }

  Outcome perform(Action a) {
    if (a.atElection()) {
      armed = a.atElection(false);
      armedTerm = 0;
      for (int i = 0; i < nodes; i++) {
        if (cluster.isUp(i)) {
          armedTerm = Math.max(armedTerm, cluster.currentTerm(i));
        }
      }
      return new Outcome(null, "armed for the next leader elected after term " + armedTerm);
    }
    int leader = cluster.currentLeader();
    if (leader < 0) {
      return new Outcome(null, "no leader");
    }
    long voters = voters(leader);
    long learners = cluster.reportsMembership() ? cluster.learners(leader) : 0;
    long old = cluster.reportsMembership() ? cluster.jointOldVoters(leader) : 0;
    long all = NodeSetup.allServers(nodes);
    long outside = all & ~voters & ~learners & ~old;
    String who = "n" + (leader + 1) + ": ";
    switch (a.kind()) {
      case ADD_LEARNER, ADD_VOTER, PROMOTE, REMOVE -> {
        long candidates = switch (a.kind()) {
          case ADD_LEARNER, ADD_VOTER -> outside;
          case PROMOTE -> learners;
          default -> learners | (Long.bitCount(voters) > minVoters ? voters : 0);
        };
        int server = a.servers() != 0 ? a.server() : choose(candidates, a.pick());
        if (server < 0) {
          return new Outcome(null, who + "nothing to " + a.kind().cliName());
        }
        MembershipChange change = switch (a.kind()) {
          case ADD_LEARNER -> new MembershipChange.AddLearner(server);
          case ADD_VOTER -> new MembershipChange.AddVoter(server);
          case PROMOTE -> new MembershipChange.Promote(server);
          default -> new MembershipChange.Remove(server);
        };
        long after = switch (a.kind()) {
          case REMOVE -> (voters | learners) & ~(1L << server);
          default -> voters | learners | 1L << server;
        };
        return change(leader, change, voters | learners, after, a.kind().cliName() + " n" + (server + 1));
      }
      case REPLACE -> {
        long target;
        if (a.servers() != 0) {
          target = a.servers();
        } else {
          // One voter out and one server in (a spare, a removed server or a learner): a swap needs joint consensus
          // to be safe, since it changes two servers at once.
          long in = outside != 0 ? outside : learners;
          int add = choose(in, a.pick());
          int drop = choose(voters, a.pick() >>> 8);
          target = voters;
          if (add >= 0) {
            target |= 1L << add;
          }
          if (drop >= 0 && (add >= 0 || Long.bitCount(voters) > minVoters)) {
            target &= ~(1L << drop);
          }
          if (target == voters || target == 0) {
            return new Outcome(null, who + "nothing to replace");
          }
        }
        return change(leader, new MembershipChange.Replace(target), voters | learners, target | learners,
            "replace voters " + Reconfiguration.names(voters) + " with " + Reconfiguration.names(target));
      }
      case TRANSFER -> {
        // Preferably a voter that has caught up, as a real operator would pick: the leader hands over at once.
        long others = voters & ~(1L << leader);
        long caughtUp = caughtUp(leader, others);
        int target = a.servers() != 0 ? a.server() : choose(caughtUp != 0 ? caughtUp : others, a.pick());
        if (target < 0) {
          return new Outcome(null, who + "no voter to transfer to");
        }
        boolean ok = cluster.transferLeadership(leader, target);
        if (ok) {
          requestsAccepted++;
          transferTarget = target;
          transferTerm = cluster.currentTerm(leader);
        }
        return new Outcome(null, who + "transfer to n" + (target + 1) + (ok ? " accepted" : " refused"));
      }
      case PARTITION_CONFIG -> {
        long before = old != 0 ? old : lastBefore;
        long now = old != 0 ? voters : lastAfter;
        if (before == 0 || before == now) {
          return new Outcome(null, "no configuration change to partition");
        }
        // The old-only members on one side, the new-only members on the other, the members of both split by the
        // pick's bits; servers in neither go with the new side.
        long sideA = before & ~now;
        long both = before & now;
        int bit = 0;
        for (long s = both; s != 0; s &= s - 1, bit++) {
          if ((a.pick() >>> (bit % 16) & 1) == 0) {
            sideA |= Long.lowestOneBit(s);
          }
        }
        long sideB = all & ~sideA;
        if (sideA == 0 || sideB == 0) {
          return new Outcome(null, "no configuration change to partition");
        }
        return new Outcome(new Fault.Partition(List.of(ids(sideA), ids(sideB))),
            "old " + Reconfiguration.names(before) + " | new " + Reconfiguration.names(now));
      }
      default -> throw new IllegalStateException("unknown request " + a.kind());
    }
  }

  private Outcome change(int leader, MembershipChange change, long before, long after, String what) {
    boolean ok = cluster.changeMembership(leader, change);
    if (ok) {
      requestsAccepted++;
      lastBefore = before;
      lastAfter = after;
    }
    return new Outcome(null, "n" + (leader + 1) + ": " + what + (ok ? " accepted" : " refused"));
  }

  /** Those of {@code servers} whose matchIndex on the leader is its last index (none when it reports no progress). */
  private long caughtUp(int leader, long servers) {
    if (!cluster.reportsLeaderProgress()) {
      return 0;
    }
    long out = 0;
    int last = cluster.lastIndex(leader);
    for (long s = servers; s != 0; s &= s - 1) {
      int k = Long.numberOfTrailingZeros(s);
      if (cluster.matchIndex(leader, k) >= last) {
        out |= 1L << k;
      }
    }
    return out;
  }

  /** The leader's voters as it reports them, or the initial ones for an implementation that reports none. */
  private long voters(int leader) {
    return cluster.reportsMembership() ? cluster.voters(leader) : initialVoters;
  }

  /** The server at position {@code pick} modulo the number of candidates, in id order (-1: none). */
  private static int choose(long candidates, int pick) {
    int n = Long.bitCount(candidates);
    if (n == 0) {
      return -1;
    }
    int k = pick % n;
    long s = candidates;
    for (int i = 0; i < k; i++) {
      s &= s - 1;
    }
    return Long.numberOfTrailingZeros(s);
  }

  private static List<Integer> ids(long set) {
    java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
    for (long s = set; s != 0; s &= s - 1) {
      out.add(Long.numberOfTrailingZeros(s));
    }
    return out;
  }

  /**
   * A leader was elected: completes an accepted transfer when it is the transfer's target, and asks it for the armed
   * request in a host event right after this one (the leader is inside its own input now), before its first
   * appends can have come back.
   */
  void leaderElected(int node, long term) {
    if (armed != null && term > armedTerm) {
      Fault.Host request = armed.toFault();
      armed = null;
      dev.raftsim.sim.Simulation<Object> sim = cluster.simulation();
      sim.schedule(sim.now(), s -> s.inject(request));
    }
    if (transferTarget >= 0 && term > transferTerm) {
      if (node == transferTarget) {
        leadershipTransfers++;
      }
      transferTarget = -1;
    }
  }

  /**
   * After an event: counts the configuration entries that entered the committed prefix of {@code node} (-1: of every
   * server), each index once. A committed index is the same entry everywhere (State Machine Safety, which the
   * checkers assert), so scanning past the highest index already scanned counts each entry once, at a cost per event
   * proportional to the entries newly committed.
   */
  void afterEvent(int node) {
    if (node >= 0) {
      scan(node);
    } else {
      for (int i = 0; i < nodes; i++) {
        scan(i);
      }
    }
  }

  private void scan(int node) {
    if (!cluster.isUp(node)) {
      return;
    }
    int upTo = Math.min(cluster.commitIndex(node), cluster.lastIndex(node));
    if (upTo <= configScan) {
      return;
    }
    int from = Math.max(configScan, cluster.snapshotIndex(node)) + 1;
    for (int i = from; i <= upTo; i++) {
      if (cluster.isConfigEntry(node, i)) {
        configChanges++;
      }
    }
    configScan = upTo;
  }
}
