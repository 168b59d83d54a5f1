package dev.raftsim.invariants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.FakeCluster.Entry;
import dev.raftsim.invariants.FakeCluster.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Drives a {@link FakeCluster} event by event like the simulator would: change one node (or several, touched = -1),
 * run the checkers, clear the logChangedFrom marks, advance virtual time. Every event runs the incremental and the
 * reference checker side by side and fails the test the moment they disagree on which invariants broke.
 */
final class Run {
  final FakeCluster cluster;
  final IncrementalChecker incremental = new IncrementalChecker();
  final ReferenceChecker reference = new ReferenceChecker();
  private final List<List<String>> names = new ArrayList<>();
  private List<Violation> lastViolations = List.of();
  long event;
  long nowMicros;
  long stepMicros = 1_000;

  Run(int size) {
    cluster = new FakeCluster(size);
  }

  /** A cluster that reports membership, starting with these voters (bit i = node i); the others are spares. */
  Run(int size, long initialVoters) {
    cluster = new FakeCluster(size, initialVoters);
  }

  /** The leader appends a configuration entry (voters, C_old's voters while joint, learners) in its term. */
  void config(int leader, long voters, long old, long learners) {
    on(leader, x -> x.append(FakeCluster.configEntry(x.term, new FakeCluster.Config(voters, old, learners))));
  }

  Node node(int k) {
    return cluster.node(k);
  }

  /** One event: apply the change, check, clear marks. Returns the broken invariants in report order. */
  List<String> event(int touched, Runnable change) {
    change.run();
    Violation first = incremental.afterEvent(cluster, event, nowMicros, touched);
    Violation firstReference = reference.afterEvent(cluster, event, nowMicros, touched);
    List<String> incNames = namesOf(incremental.violationsOfLastEvent());
    List<String> refNames = namesOf(reference.violationsOfLastEvent());
    assertEquals(refNames, incNames, "incremental vs reference checker at event " + event + ": "
        + incremental.violationsOfLastEvent());
    if (incNames.isEmpty()) {
      assertNull(first);
      assertNull(firstReference);
    } else {
      assertEquals(incNames.get(0), first.invariant());
      assertEquals(incNames.get(0), firstReference.invariant());
      assertEquals(event, first.eventIndex());
      assertEquals(nowMicros, first.timeMicros());
    }
    lastViolations = incremental.violationsOfLastEvent();
    cluster.clearMarks();
    names.add(incNames);
    event++;
    nowMicros += stepMicros;
    return incNames;
  }

  List<String> on(int k, Consumer<Node> change) {
    return event(k, () -> change.accept(cluster.node(k)));
  }

  /** The distinct invariant names, in report order. */
  static List<String> namesOf(List<Violation> violations) {
    List<String> out = new ArrayList<>();
    for (Violation v : violations) {
      if (!out.contains(v.invariant())) {
        out.add(v.invariant());
      }
    }
    return out;
  }

  // ---- Raft-like steps, each one or more events ----

  /** candidate times out into term, the voters grant their votes, the candidate becomes leader. */
  void elect(int candidate, long term, int... voters) {
    campaign(candidate, term);
    for (int voter : voters) {
      vote(voter, candidate, term);
    }
    on(candidate, x -> x.role = NodeRole.LEADER);
  }

  void campaign(int candidate, long term) {
    on(candidate, x -> {
      x.term = term;
      x.votedFor = candidate;
      x.role = NodeRole.CANDIDATE;
    });
  }

  void vote(int voter, int candidate, long term) {
    on(voter, x -> {
      x.term = term;
      x.votedFor = candidate;
      x.role = NodeRole.FOLLOWER;
    });
  }

  /** The leader appends one entry per command, in its current term, in one event. */
  void append(int leader, String... commands) {
    on(leader, x -> {
      for (String c : commands) {
        x.append(FakeCluster.entry(x.term, c));
      }
    });
  }

  /** A correct AppendEntries carrying the leader's entries 1..upTo, delivered to follower. */
  void replicate(int leader, int follower, int upTo) {
    Node l = node(leader);
    on(follower, x -> {
      if (l.term > x.term) {
        x.term = l.term;
        x.votedFor = -1;
      }
      x.role = NodeRole.FOLLOWER;
      for (int i = 1; i <= upTo; i++) {
        Entry e = l.at(i);
        if (i > x.last()) {
          x.append(e);
        } else if (x.termAt(i) != e.term()) {
          x.truncateFrom(i);
          x.append(e);
        }
      }
      int commit = Math.min(l.commit, upTo);
      if (commit > x.commit) {
        x.commit = commit;
      }
    });
  }

  void commit(int k, int index) {
    on(k, x -> x.commit = index);
  }

  void apply(int k, int index) {
    on(k, x -> x.applied = index);
  }

  void crash(int k) {
    on(k, Node::crash);
  }

  void restart(int k) {
    on(k, Node::restart);
  }

  // ---- assertions ----

  void assertClean() {
    for (int i = 0; i < names.size(); i++) {
      assertTrue(names.get(i).isEmpty(), "event " + i + " broke " + names.get(i) + ": " + lastViolations);
    }
  }

  /** Nothing broke before the last event, which broke exactly these invariants (in report order). */
  void assertOnlyLast(String... invariants) {
    for (int i = 0; i < names.size() - 1; i++) {
      assertTrue(names.get(i).isEmpty(), "event " + i + " already broke " + names.get(i));
    }
    assertEquals(List.of(invariants), names.get(names.size() - 1), "last event: " + lastViolations);
  }

  List<Violation> lastViolations() {
    return lastViolations;
  }
}
