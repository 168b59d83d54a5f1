package dev.raftsim.scenarios;

import dev.raftsim.invariants.Violation;
import java.util.List;
import java.util.Map;

/**
 * What one run did and found. {@code violation} is null when every checker stayed silent. A {@code cancelled} run
 * was abandoned part-way (see {@link RunOptions#cancel()}): its figures are incomplete and it is not a result.
 * {@code counters} are protocol events counted by name (e.g. snapshotsTaken, snapshotsInstalled), in a fixed
 * order; campaigns sum them.
 */
public record RunResult(
    RunSpec spec,
    long events,
    long simulatedMicros,
    long digest,
    int leadersElected,
    int commandsCommitted,
    long firstLeaderMicros,
    long messagesDelivered,
    long messagesDropped,
    List<HistoryOp> history,
    String linearizability,
    List<Integer> linearizabilityWitness,
    Violation violation,
    boolean cancelled,
    int readIndexReads,
    int leaseReads,
    Map<String, Long> counters) {

  public RunResult {
    history = List.copyOf(history);
    counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
    linearizabilityWitness = List.copyOf(linearizabilityWitness);
  }

  public boolean failed() {
    return violation != null;
  }

  public String digestHex() {
    return hex(digest);
  }

  public static String hex(long v) {
    String s = Long.toHexString(v);
    return "0".repeat(16 - s.length()) + s;
  }

  public int opsCompleted() {
    int n = 0;
    for (HistoryOp op : history) {
      if (op.completed()) {
        n++;
      }
    }
    return n;
  }

  /** Median client-observed latency of completed operations in microseconds, or -1. */
  public long medianLatencyMicros() {
    long[] l = history.stream().filter(HistoryOp::completed).mapToLong(o -> o.completeMicros() - o.invokeMicros())
        .sorted().toArray();
    return l.length == 0 ? -1 : l[l.length / 2];
  }
}
