package dev.raftsim.scenarios.internal;

import dev.raftsim.invariants.ClusterView;
import dev.raftsim.invariants.NodeRole;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.sim.Json;
import dev.raftsim.sim.TraceEvent;
import dev.raftsim.sim.TraceKind;
import dev.raftsim.sim.TraceSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes the state trace (docs/reports.md, docs/state-trace.schema.json): NDJSON, one {@code init} record with the
 * run's configuration and every server's boot state, then one record per event that touched a server, carrying the
 * state of each server it touched as the read-only {@link ClusterView} reports it, with the log as a delta against
 * the previous record of that server. Fields a view does not report (leader progress; snapshots and configuration
 * changes, which no view reports yet) are absent, never made up.
 *
 * <p>It listens to the kernel's trace records (to name the event and list the messages it sent) and is called by the
 * host after each event, before the log-change marks are cleared. Everything it writes is a function of the
 * simulation, so the file is byte-identical wherever the run is repeated.
 */
public final class StateTracer implements TraceSink {
  private final Writer out;
  private TraceSink next;
  private final StringBuilder sb = new StringBuilder(512);
  private final List<TraceEvent> current = new ArrayList<>();
  private long currentEvent = -1;

  private int n;
  private int processes;
  // What the previous record of each server said (nothing recorded yet: never seen).
  private boolean[] seen;
  private boolean[] up;
  private long[] incarnation;
  private NodeRole[] role;
  private long[] term;
  private int[] vote;
  private int[] commit;
  private int[] applied;
  private int[] last;
  private int[] snapshot; // the snapshot base the previous record showed (0: none)
  private long[][] digests;
  // The configuration the previous record showed (with membership reported): voters, learners, C_old, its index.
  private long[][] conf;

  /** Writes to {@code out}; attach it with {@code RaftCluster.traceStates} before the run. */
  public StateTracer(Writer out) {
    this.out = out;
  }

  @Override
  public void record(TraceEvent e) {
    if (e.event() != currentEvent) {
      current.clear();
      currentEvent = e.event();
    }
    current.add(e);
    if (next != null) {
      next.record(e);
    }
  }

  /**
   * The first record: the run and the state every server boots with, read through {@code boot}. {@code next}: the
   * sink that was already receiving the kernel's trace records (the --trace file), or null.
   */
  void init(RunSpec spec, String implementation, ClusterView boot, TraceSink next) {
    this.next = next;
    ClusterConfig c = spec.cluster();
    n = c.nodes();
    processes = n + c.clients();
    seen = new boolean[n];
    up = new boolean[n];
    incarnation = new long[n];
    role = new NodeRole[n];
    term = new long[n];
    vote = new int[n];
    commit = new int[n];
    applied = new int[n];
    last = new int[n];
    snapshot = new int[n];
    digests = new long[n][16];
    conf = new long[n][];
    sb.setLength(0);
    sb.append("{\"kind\":\"init\",\"format\":\"raftsim-state-trace\",\"version\":1");
    sb.append(",\"implementation\":");
    Json.appendString(sb, implementation);
    sb.append(",\"config\":{\"seed\":").append(spec.seed())
        .append(",\"nodes\":").append(c.nodes())
        .append(",\"clients\":").append(c.clients())
        .append(",\"durationMicros\":").append(spec.durationMicros())
        .append(",\"faults\":");
    Json.appendString(sb, spec.faultsName());
    sb.append(",\"electionMinMicros\":").append(c.electionMinMicros())
        .append(",\"electionMaxMicros\":").append(c.electionMaxMicros())
        .append(",\"heartbeatMicros\":").append(c.heartbeatMicros())
        .append(",\"noOpOnElection\":").append(c.noOpOnElection())
        .append(",\"maxEntriesPerAppend\":").append(c.maxEntriesPerAppend())
        .append(",\"writebackMicros\":").append(c.writebackMicros())
        .append(",\"bugs\":[");
    boolean first = true;
    for (PlantedBug b : PlantedBug.values()) { // enum order: a Set's own order is not stable across JVMs
      if (c.bugs().contains(b)) {
        sb.append(first ? "" : ",").append('"').append(b.cliName()).append('"');
        first = false;
      }
    }
    sb.append("]},\"voters\":[");
    first = true;
    for (int k = 0; k < n; k++) {
      if ((c.initialVoters() >>> k & 1) != 0) { // servers outside are spares
        sb.append(first ? "" : ",").append('"').append(name(k)).append('"');
        first = false;
      }
    }
    sb.append("],\"nodes\":[");
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        sb.append(',');
      }
      node(boot, k, true);
      seen[k] = false; // the boot state is what a server starts from; its start event is recorded as usual
      up[k] = false;
    }
    sb.append("]}\n");
    flush();
  }

  /** After an event: one record for the servers it touched ({@code touched} -1: any server may have changed). */
  void afterEvent(ClusterView v, long eventIndex, long timeMicros, int touched) {
    sb.setLength(0);
    sb.append("{\"event\":").append(eventIndex).append(",\"time\":").append(timeMicros);
    List<TraceEvent> records = currentEvent == eventIndex ? current : List.of();
    describeEvent(records);
    sb.append(",\"nodes\":[");
    int mark = sb.length();
    List<Integer> down = new ArrayList<>();
    int lo = touched < 0 ? 0 : touched;
    int hi = touched < 0 ? n - 1 : touched;
    for (int k = lo; k <= hi; k++) {
      if (!v.isUp(k)) {
        if (seen[k] && up[k] || touched == k) {
          down.add(k);
        }
        up[k] = false;
        continue;
      }
      if (touched < 0 && !changed(v, k)) {
        continue;
      }
      if (sb.length() > mark) {
        sb.append(',');
      }
      node(v, k, false);
    }
    sb.append(']');
    if (!down.isEmpty()) {
      sb.append(",\"down\":[");
      for (int i = 0; i < down.size(); i++) {
        sb.append(i == 0 ? "" : ",").append('"').append(name(down.get(i))).append('"');
      }
      sb.append(']');
    }
    sends(records);
    sb.append("}\n");
    flush();
  }

  private void describeEvent(List<TraceEvent> records) {
    TraceEvent main = null;
    for (TraceEvent e : records) {
      TraceKind k = e.kind();
      if (k == TraceKind.FAULT) {
        main = e; // a fault's own record comes after the crash or restart it caused
      } else if (main == null && (k == TraceKind.DELIVER || k == TraceKind.TIMER || k == TraceKind.START
          || k == TraceKind.HOST || k == TraceKind.LOST)) {
        main = e;
      }
    }
    if (main == null) {
      return;
    }
    sb.append(",\"kind\":\"").append(main.kind().name().toLowerCase(Locale.ROOT)).append('"');
    sb.append(",\"name\":\"").append(eventName(main)).append('"');
    if (main.kind() == TraceKind.DELIVER || main.kind() == TraceKind.LOST) {
      sb.append(",\"from\":\"").append(name(main.peer())).append('"');
    }
    if (main.detail() != null && main.kind() != TraceKind.TIMER) {
      sb.append(",\"input\":");
      Json.appendString(sb, main.detail());
    }
  }

  /** etcd's trace-validation name where one fits (docs/reports.md has the table), else raftsim's own. */
  private static String eventName(TraceEvent e) {
    String d = e.detail() == null ? "" : e.detail();
    switch (e.kind()) {
      case DELIVER:
        if (d.startsWith("AE ")) {
          return "ReceiveAppendEntriesRequest";
        } else if (d.startsWith("AER ")) {
          return "ReceiveAppendEntriesResponse";
        } else if (d.startsWith("RV ")) {
          return "ReceiveRequestVoteRequest";
        } else if (d.startsWith("RVR ")) {
          return "ReceiveRequestVoteResponse";
        } else if (d.startsWith("CR ")) {
          return "ReceiveClientRequest";
        }
        return "Receive";
      case TIMER:
        return d.equals("timer 0") /* raftsim's election timer */ ? "ElectionTimeout" : "HeartbeatTimeout";
      case START:
        return "InitState";
      case LOST:
        return "MessageLost";
      case HOST:
        return "HostAction";
      default:
        return "Fault";
    }
  }

  private void sends(List<TraceEvent> records) {
    boolean any = false;
    for (TraceEvent e : records) {
      if (e.kind() != TraceKind.SEND || e.node() >= n) {
        continue;
      }
      sb.append(any ? "," : ",\"sent\":[");
      any = true;
      sb.append("{\"from\":\"").append(name(e.node())).append("\",\"to\":\"").append(name(e.peer()))
          .append("\",\"msg\":");
      Json.appendString(sb, e.detail());
      sb.append('}');
    }
    if (any) {
      sb.append(']');
    }
  }

  /** For events that may have touched any server: whether k differs from its previous record. */
  private boolean changed(ClusterView v, int k) {
    if (!seen[k] || !up[k] || v.incarnation(k) != incarnation[k] || v.role(k) != role[k]
        || v.currentTerm(k) != term[k] || v.votedFor(k) != vote[k] || v.commitIndex(k) != commit[k]
        || v.lastApplied(k) != applied[k] || v.lastIndex(k) != last[k] || v.snapshotIndex(k) != snapshot[k]) {
      return true;
    }
    return v.logChangedFrom(k) <= v.lastIndex(k) && firstLogDifference(v, k) <= last[k];
  }

  /** First index at or after the view's change mark where k's log differs from the last record, else last + 1. */
  private int firstLogDifference(ClusterView v, int k) {
    int li = v.lastIndex(k);
    int prev = last[k];
    boolean sameIncarnation = seen[k] && v.incarnation(k) == incarnation[k];
    int from = sameIncarnation ? Math.min(v.logChangedFrom(k), li + 1) : 1;
    // Entries inside a snapshot cannot be read any more; the record keeps what it last saw of them.
    from = Math.max(from, v.snapshotIndex(k) + 1);
    long[] d = digests[k];
    for (int i = from; i <= Math.min(li, prev); i++) {
      if (v.entryDigest(k, i) != d[i]) {
        return i;
      }
    }
    // An install may have moved the snapshot past everything recorded: the new entries start after it.
    return Math.max(Math.min(li, prev) + 1, from);
  }

  /** One server's object; {@code boot}: the init record's form (no delta, no steps). */
  private void node(ClusterView v, int k, boolean boot) {
    long inc = v.incarnation(k);
    NodeRole r = v.role(k);
    long t = v.currentTerm(k);
    int vf = v.votedFor(k);
    int ci = v.commitIndex(k);
    int ai = v.lastApplied(k);
    int li = v.lastIndex(k);
    boolean sameIncarnation = seen[k] && up[k] && inc == incarnation[k];
    boolean restarted = seen[k] && inc != incarnation[k];

    sb.append("{\"node\":\"").append(name(k)).append('"');
    if (inc != 0) {
      sb.append(",\"incarnation\":").append(inc);
    }
    sb.append(",\"role\":\"").append(r.name().toLowerCase(Locale.ROOT)).append('"')
        .append(",\"term\":").append(t)
        .append(",\"vote\":");
    if (vf < 0) {
      sb.append("null");
    } else {
      sb.append('"').append(name(vf)).append('"');
    }
    sb.append(",\"commit\":").append(ci).append(",\"applied\":").append(ai).append(",\"last\":").append(li);

    // A snapshot base that moved: entries up to it are compacted (those the trace never showed, after an
    // InstallSnapshot, are known only by the base's term and the state digest).
    int base = v.snapshotIndex(k);
    if (base != (boot ? 0 : snapshot[k])) {
      sb.append(",\"snapshot\":{\"index\":").append(base).append(",\"term\":").append(v.snapshotTerm(k));
      long state = v.snapshotStateDigest(k);
      if (state != 0) {
        sb.append(",\"state\":\"");
        hex(state);
        sb.append('"');
      }
      sb.append('}');
    }
    // The log as a delta: what was cut off the previous record's log, and what is new from there on.
    int diff = Math.max(boot ? 1 : firstLogDifference(v, k), base + 1);
    if (!boot && diff <= last[k]) {
      sb.append(",\"truncatedFrom\":").append(diff);
    }
    if (diff <= li) {
      sb.append(",\"append\":[");
      for (int i = diff; i <= li; i++) {
        sb.append(i == diff ? "" : ",").append("{\"index\":").append(i).append(",\"term\":").append(v.termAt(k, i))
            .append(",\"digest\":\"");
        hex(v.entryDigest(k, i));
        sb.append("\",\"cmd\":");
        Json.appendString(sb, v.describeEntry(k, i));
        sb.append('}');
      }
      sb.append(']');
    }
    // Entries applied in this event (a restarted server applies again from the start of its log).
    int appliedFrom = Math.max(sameIncarnation ? applied[k] + 1 : 1, v.snapshotIndex(k) + 1);
    int appliedTo = Math.min(ai, li);
    if (!boot && appliedFrom <= appliedTo) {
      sb.append(",\"apply\":[");
      for (int i = appliedFrom; i <= appliedTo; i++) {
        sb.append(i == appliedFrom ? "" : ",").append("{\"index\":").append(i).append(",\"digest\":\"");
        hex(v.entryDigest(k, i));
        sb.append("\"}");
      }
      sb.append(']');
    }
    if (r == NodeRole.LEADER && v.reportsLeaderProgress()) {
      progress(v, k, "match", true);
      progress(v, k, "next", false);
    }
    boolean confChanged = v.reportsMembership() && configuration(v, k);
    if (!boot) {
      steps(k, restarted, sameIncarnation, r, t, ci, li, diff, confChanged);
    }

    long[] d = digests[k] = grow(digests[k], li + 1);
    for (int i = diff; i <= li; i++) {
      d[i] = v.entryDigest(k, i);
    }
    seen[k] = true;
    up[k] = true;
    incarnation[k] = inc;
    role[k] = r;
    term[k] = t;
    vote[k] = vf;
    commit[k] = ci;
    applied[k] = ai;
    last[k] = li;
    snapshot[k] = base;
    sb.append('}');
  }

  /**
   * Writes {@code "conf"} when k's configuration in effect differs from its previous record's (always at boot and
   * after a restart): {@code {"index":7,"voters":["n1","n2","n3"],"learners":["n4"]}}, with {@code "old"} (C_old's
   * voters) while joint. Returns whether it changed.
   */
  private boolean configuration(ClusterView v, int k) {
    long[] now = {v.voters(k), v.learners(k), v.jointOldVoters(k), v.configIndex(k)};
    if (conf[k] != null && java.util.Arrays.equals(conf[k], now) && seen[k]) {
      return false;
    }
    boolean changed = conf[k] != null && !java.util.Arrays.equals(conf[k], now);
    conf[k] = now;
    sb.append(",\"conf\":{\"index\":").append(now[3]);
    names("voters", now[0]);
    names("learners", now[1]);
    if (now[2] != 0) {
      names("old", now[2]);
    }
    sb.append('}');
    return changed;
  }

  private void names(String field, long set) {
    sb.append(",\"").append(field).append("\":[");
    boolean first = true;
    for (int k = 0; k < n; k++) {
      if ((set >>> k & 1) != 0) {
        sb.append(first ? "" : ",").append('"').append(name(k)).append('"');
        first = false;
      }
    }
    sb.append(']');
  }

  /** The etcd-style transitions this record shows for the server (its previous record being the state before). */
  private void steps(int k, boolean restarted, boolean sameIncarnation, NodeRole r, long t, int ci, int li, int diff,
      boolean confChanged) {
    int mark = sb.length();
    sb.append(",\"steps\":[");
    int start = sb.length();
    if (restarted) {
      step("Restart", start);
    }
    boolean roleChanged = !sameIncarnation ? r != NodeRole.FOLLOWER : r != role[k];
    if (roleChanged || (sameIncarnation && t > term[k] && r != NodeRole.LEADER)) {
      step(r == NodeRole.LEADER ? "BecomeLeader" : r == NodeRole.CANDIDATE ? "BecomeCandidate" : "BecomeFollower",
          start);
    }
    if (sameIncarnation && r == NodeRole.LEADER && role[k] == NodeRole.LEADER && t == term[k] && li > last[k]
        && diff > last[k]) {
      step("Replicate", start);
    }
    if (sameIncarnation ? ci > commit[k] : ci > 0) {
      step("Commit", start);
    }
    if (confChanged) {
      step("ChangeConf", start);
    }
    if (sb.length() == start) {
      sb.setLength(mark);
    } else {
      sb.append(']');
    }
  }

  private void step(String name, int start) {
    if (sb.length() > start) {
      sb.append(',');
    }
    sb.append('"').append(name).append('"');
  }

  private void progress(ClusterView v, int k, String field, boolean match) {
    sb.append(",\"").append(field).append("\":{");
    boolean first = true;
    for (int p = 0; p < n; p++) {
      if (p != k) {
        sb.append(first ? "" : ",").append('"').append(name(p)).append("\":")
            .append(match ? v.matchIndex(k, p) : v.nextIndex(k, p));
        first = false;
      }
    }
    sb.append('}');
  }

  private void hex(long x) {
    String h = Long.toHexString(x);
    for (int i = h.length(); i < 16; i++) {
      sb.append('0');
    }
    sb.append(h);
  }

  private String name(int id) {
    return id < n ? "n" + (id + 1) : id < processes ? "c" + (id - n + 1) : "p" + id;
  }

  private static long[] grow(long[] a, int len) {
    return a.length >= len ? a : Arrays.copyOf(a, Math.max(len, a.length * 2));
  }

  private void flush() {
    try {
      out.append(sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
