package dev.raftsim.scenarios.check;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.RaftConfig;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Bounds and switches of one model-checking run.
 *
 * @param nodes cluster size (1..7)
 * @param maxTerm election timeouts are enabled only while a node's currentTerm is below this (1..60)
 * @param maxLog a leader accepts a client command only while its last log index is below this (0..60)
 * @param maxRestarts how many node restarts (crash + recovery from the durable state) a path may contain
 * @param maxInFlight states whose network holds more distinct messages than this are counted and checked but
 *     not expanded (a state constraint, as TLC's CONSTRAINT)
 * @param maxDuplicates how many message duplications a path may contain
 * @param symmetry canonicalise states over all renamings of the nodes
 * @param bugs planted bugs switched on (only those that live in RaftNode; the KV layer is not modelled)
 * @param threads worker threads of the breadth-first search (results do not depend on it)
 * @param maxStates stop (incomplete) once this many distinct states are found
 * @param noOpOnElection whether a new leader appends a no-op (off by default: raft.tla has none)
 * @param maxEntriesPerAppend the nodes' batch limit per AppendEntries (default: the model's default, {@value
 *     RaftConfig#DEFAULT_MAX_ENTRIES_PER_APPEND}; commit-beyond-match needs a log longer than the batch limit)
 * @param spares how many servers (the last ones) start outside the initial configuration, waiting to be added
 * @param maxConfigChanges how many membership changes (AddVoter, Remove by a leader) a path may contain; with
 *     spares or changes, symmetry reduction is off (configurations name node ids)
 * @param maxTimeouts how many election timeouts a path may contain (Integer.MAX_VALUE: unbounded but for
 *     {@code maxTerm})
 * @param maxDrops how many message drops a path may contain (Integer.MAX_VALUE: unbounded)
 * @param maxHeartbeats how many heartbeat timeouts a path may contain (Integer.MAX_VALUE: unbounded)
 * @param maxSnapshots how many "a server takes a snapshot at its applied index" actions a path may contain (0: none,
 *     and the model is the one without log compaction); with membership changes too, symmetry reduction is off
 */
public record CheckConfig(int nodes, int maxTerm, int maxLog, int maxRestarts, int maxInFlight, int maxDuplicates,
    boolean symmetry, Set<PlantedBug> bugs, int threads, long maxStates, boolean noOpOnElection,
    int maxEntriesPerAppend, int spares, int maxConfigChanges, int maxTimeouts, int maxDrops,
    int maxHeartbeats, int maxSnapshots) {

  public static final int DEFAULT_NODES = 3;
  public static final int DEFAULT_MAX_TERM = 2;
  public static final int DEFAULT_MAX_LOG = 1;
  public static final int DEFAULT_MAX_IN_FLIGHT = 4;

  public CheckConfig {
    Objects.requireNonNull(bugs, "bugs");
    check(nodes >= 1 && nodes <= 7, "--nodes must be 1..7, got " + nodes);
    check(maxTerm >= 1 && maxTerm <= 60, "--max-term must be 1..60, got " + maxTerm);
    check(maxLog >= 0 && maxLog <= 60, "--max-log must be 0..60, got " + maxLog);
    check(maxRestarts >= 0 && maxRestarts <= 1000, "--max-restarts must be 0..1000, got " + maxRestarts);
    check(maxInFlight >= 1 && maxInFlight <= 256, "--max-in-flight must be 1..256, got " + maxInFlight);
    check(maxDuplicates >= 0 && maxDuplicates <= 1000, "--max-duplicates must be 0..1000, got " + maxDuplicates);
    check(threads >= 1 && threads <= 256, "--threads must be 1..256, got " + threads);
    check(maxStates >= 1, "--max-states must be >= 1, got " + maxStates);
    check(maxEntriesPerAppend >= 1 && maxEntriesPerAppend <= 1000,
        "--max-entries-per-append must be 1..1000, got " + maxEntriesPerAppend);
    check(spares >= 0 && spares < nodes, "--spares must be 0.." + (nodes - 1) + " (fewer than --nodes), got " + spares);
    check(maxConfigChanges >= 0 && maxConfigChanges <= 8, "--max-config-changes must be 0..8, got "
        + maxConfigChanges);
    check(maxTimeouts >= 0 && (maxTimeouts < 256 || maxTimeouts == Integer.MAX_VALUE),
        "--max-timeouts must be 0..255, got " + maxTimeouts);
    check(maxDrops >= 0 && (maxDrops < 256 || maxDrops == Integer.MAX_VALUE),
        "--max-drops must be 0..255, got " + maxDrops);
    check(maxHeartbeats >= 0 && (maxHeartbeats < 256 || maxHeartbeats == Integer.MAX_VALUE),
        "--max-heartbeats must be 0..255, got " + maxHeartbeats);
    check(maxSnapshots >= 0 && maxSnapshots < 256, "--max-snapshots must be 0..255, got " + maxSnapshots);
    EnumSet<PlantedBug> copy = EnumSet.noneOf(PlantedBug.class);
    for (PlantedBug b : bugs) {
      Objects.requireNonNull(b, "null bug");
      check(!b.clientVisible(), "bug " + b.cliName()
          + " lives in the KV layer, which the model checker does not model (it checks RaftNode only)");
      copy.add(b);
    }
    bugs = Collections.unmodifiableSet(copy);
  }

  /** Without snapshot actions: the form every caller before them used. */
  public CheckConfig(int nodes, int maxTerm, int maxLog, int maxRestarts, int maxInFlight, int maxDuplicates,
      boolean symmetry, Set<PlantedBug> bugs, int threads, long maxStates, boolean noOpOnElection,
      int maxEntriesPerAppend, int spares, int maxConfigChanges, int maxTimeouts, int maxDrops, int maxHeartbeats) {
    this(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads, maxStates,
        noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops, maxHeartbeats, 0);
  }

  /** Without membership changes (no spares, no config changes): the form every caller before them used. */
  public CheckConfig(int nodes, int maxTerm, int maxLog, int maxRestarts, int maxInFlight, int maxDuplicates,
      boolean symmetry, Set<PlantedBug> bugs, int threads, long maxStates, boolean noOpOnElection,
      int maxEntriesPerAppend) {
    this(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads, maxStates,
        noOpOnElection, maxEntriesPerAppend, 0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE,
        Integer.MAX_VALUE);
  }

  /** With {@code spares} servers outside the initial configuration and up to {@code changes} membership changes. */
  public CheckConfig withMembership(int spares, int changes) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads,
        maxStates, noOpOnElection, maxEntriesPerAppend, spares, changes, maxTimeouts, maxDrops, maxHeartbeats,
        maxSnapshots);
  }

  /** At most {@code t} election timeouts per path (Integer.MAX_VALUE: no bound). */
  public CheckConfig withMaxTimeouts(int t) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads,
        maxStates, noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, t, maxDrops, maxHeartbeats,
        maxSnapshots);
  }

  /** At most {@code drops} message drops and {@code heartbeats} heartbeat timeouts per path (MAX_VALUE: no bound). */
  public CheckConfig withMaxDropsAndHeartbeats(int drops, int heartbeats) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads,
        maxStates, noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, drops, heartbeats,
        maxSnapshots);
  }

  /** At most {@code k} snapshot actions per path (0: the model without log compaction). */
  public CheckConfig withMaxSnapshots(int k) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads,
        maxStates, noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, k);
  }

  /**
   * Whether the search reduces by symmetry: as asked, except with snapshots and membership changes together (a
   * snapshot's chained log digest covers configuration entries that name node ids and that the node no longer holds,
   * so no renaming of it can be computed).
   */
  public boolean effectiveSymmetry() {
    return symmetry && !(maxSnapshots > 0 && (spares > 0 || maxConfigChanges > 0));
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Nodes 3, term <= 2, log <= 1, no restarts, 4 messages in flight, no duplicates, symmetry on, 1 thread. */
  public static CheckConfig defaults() {
    return new CheckConfig(DEFAULT_NODES, DEFAULT_MAX_TERM, DEFAULT_MAX_LOG, 0, DEFAULT_MAX_IN_FLIGHT, 0, true,
        Set.of(), 1, Long.MAX_VALUE, false, RaftConfig.DEFAULT_MAX_ENTRIES_PER_APPEND);
  }

  public CheckConfig withBounds(int nodes, int maxTerm, int maxLog) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads,
        maxStates, noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  public CheckConfig withRestarts(int r) {
    return new CheckConfig(nodes, maxTerm, maxLog, r, maxInFlight, maxDuplicates, symmetry, bugs, threads, maxStates,
        noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  public CheckConfig withInFlight(int m) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, m, maxDuplicates, symmetry, bugs, threads, maxStates,
        noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  public CheckConfig withDuplicates(int d) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, d, symmetry, bugs, threads, maxStates,
        noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  public CheckConfig withSymmetry(boolean on) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, on, bugs, threads,
        maxStates, noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  public CheckConfig withBugs(Set<PlantedBug> b) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, b, threads,
        maxStates, noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  public CheckConfig withBug(PlantedBug b) {
    EnumSet<PlantedBug> s = EnumSet.noneOf(PlantedBug.class);
    s.addAll(bugs);
    s.add(b);
    return withBugs(s);
  }

  public CheckConfig withThreads(int t) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, t,
        maxStates, noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  public CheckConfig withMaxStates(long s) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads,
        s, noOpOnElection, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  public CheckConfig withNoOpOnElection(boolean on) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads,
        maxStates, on, maxEntriesPerAppend, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  public CheckConfig withMaxEntriesPerAppend(int m) {
    return new CheckConfig(nodes, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, threads,
        maxStates, noOpOnElection, m, spares, maxConfigChanges, maxTimeouts, maxDrops,
        maxHeartbeats, maxSnapshots);
  }

  /** One line, e.g. {@code nodes=3 term<=2 log<=1 restarts<=0 inflight<=4 dups<=0 symmetry bugs=[]}. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("nodes=").append(nodes).append(" term<=").append(maxTerm).append(" log<=").append(maxLog)
        .append(" restarts<=").append(maxRestarts).append(" in-flight<=").append(maxInFlight)
        .append(" duplicates<=").append(maxDuplicates).append(symmetry ? " symmetry" : " no-symmetry");
    if (noOpOnElection) {
      b.append(" no-op-on-election");
    }
    if (maxEntriesPerAppend != RaftConfig.DEFAULT_MAX_ENTRIES_PER_APPEND) {
      b.append(" entries-per-append<=").append(maxEntriesPerAppend);
    }
    if (spares > 0 || maxConfigChanges > 0) {
      b.append(" spares=").append(spares).append(" config-changes<=").append(maxConfigChanges);
    }
    if (maxTimeouts != Integer.MAX_VALUE) {
      b.append(" timeouts<=").append(maxTimeouts);
    }
    if (maxDrops != Integer.MAX_VALUE) {
      b.append(" drops<=").append(maxDrops);
    }
    if (maxHeartbeats != Integer.MAX_VALUE) {
      b.append(" heartbeats<=").append(maxHeartbeats);
    }
    if (maxSnapshots > 0) {
      b.append(" snapshots<=").append(maxSnapshots);
      if (symmetry && !effectiveSymmetry()) {
        b.append(" (symmetry off: snapshots with membership changes)");
      }
    }
    b.append(" bugs=[");
    boolean first = true;
    for (PlantedBug bug : bugs) {
      b.append(first ? "" : ",").append(bug.cliName());
      first = false;
    }
    return b.append("]").toString();
  }
}
