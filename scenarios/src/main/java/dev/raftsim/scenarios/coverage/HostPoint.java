package dev.raftsim.scenarios.coverage;

/**
 * Coverage points of the host: faults that took effect and cluster-wide situations the model cannot see from
 * inside one node. {@link #sometimes()} as for {@link dev.raftsim.raft.CoveragePoint}: a long swarm campaign is
 * expected to reach it. {@link #nearMiss()}: a situation one step from a safety violation, which a correct Raft
 * reaches rarely or never; a guided campaign aims at these first.
 */
public enum HostPoint {
  CRASH("fault.crash", true),
  CRASH_LEADER("fault.crash-leader", true),
  RESTART("fault.restart", true),
  RESTART_LOST_UNSYNCED_WRITES("restart.lost-unsynced-writes", false),
  PAUSE("fault.pause", true),
  PAUSE_LEADER("fault.pause-leader", true),
  RESUME("fault.resume", true),
  PARTITION("fault.partition", true),
  ISOLATE("fault.isolate", true),
  ISOLATE_LEADER("fault.isolate-leader", true),
  CUT_LINK("fault.cut-link", true),
  BRIDGE("fault.bridge", true),
  CLOG("fault.clog", true),
  SKEW("fault.clock-skew", true),
  CRASH_PRIMARY("fault.crash-primary", true),
  RESTART_PRIMARY("fault.restart-primary", true),
  PARTITION_PRIMARY("fault.partition-primary", true),
  CUT_NEXT_PRIMARY("fault.cut-next-primary-armed", true),
  HEAL_NETWORK("fault.heal-network", true),
  HEAL_ALL("fault.heal-all", true),
  NETWORK_LOSSY("network.lossy", true),
  NETWORK_DUPLICATING("network.duplicating", true),
  TWO_LEADERS("cluster.two-leaders-different-terms", true),
  STALE_LEADER("cluster.leader-behind-highest-term", true),
  LOG_DIVERGED("cluster.log-diverged-from-committed", true),
  UNCOMMITTED_TAIL("cluster.uncommitted-entries-ahead", true),
  NO_QUORUM_UP("cluster.fewer-than-quorum-up", true),
  ALL_IN_SYNC("cluster.all-logs-equal-and-committed", true),
  READ_SERVED_BESIDE_NEWER_LEADER("cluster.read-served-beside-newer-leader", false, true, Nudge.ISOLATE_NODE),
  /** As above, and the newer leader has committed entries beyond those the read reflects. */
  READ_SERVED_BEHIND_NEWER_COMMIT("cluster.read-served-behind-newer-commit", false, true, Nudge.ISOLATE_NODE),
  /**
   * A read served without the log does not reflect an entry first applied (so committed) before the read was
   * invoked: linearizability forbids it when that entry wrote the key and was acknowledged before the invocation.
   */
  READ_MISSED_EARLIER_ENTRY("cluster.read-missed-entry-applied-before-it", false, true, Nudge.ISOLATE_NODE),
  /**
   * A server whose log lacks a committed entry could win an election now: its last entry is at least as up to date
   * as those of a majority of the servers up. Raft's election restriction makes this impossible once an entry is
   * committed the Figure 8 way (an entry of the leader's own term on a majority); one more election loses the entry.
   */
  COMMITTED_AT_RISK("cluster.committed-entry-at-risk", false, true, Nudge.CUT_LEADER),
  /** As above, and that server is campaigning: the election that loses the entry is under way. */
  COMMITTED_AT_RISK_CANDIDATE("cluster.committed-entry-at-risk-candidate", false, true, Nudge.CUT_LEADER),
  /** {@link #READ_MISSED_EARLIER_ENTRY}, and a missed entry was a client's write (not a leader's no-op). */
  READ_MISSED_CLIENT_WRITE("cluster.read-missed-earlier-client-write", false, true, Nudge.ISOLATE_NODE),
  /**
   * As above, and that write was to the key the read reads: a stale read if the write's reply had reached its client
   * before the read was invoked and the read's reply reaches its own.
   */
  READ_MISSED_WRITE_TO_KEY("cluster.read-missed-earlier-write-to-its-key", false, true, Nudge.ISOLATE_NODE);

  public static final int COUNT = values().length;

  private final String pointName;
  private final boolean sometimes;

  private final boolean nearMiss;
  private final Nudge nudge;

  /**
   * The change that most often turns a schedule that reached a near miss into a violation, made right where its run
   * first reached it (a guided campaign nudges half the schedules it aims at such a near miss this way).
   */
  public enum Nudge {
    /** None known: the guide mutates the schedule as usual. */
    NONE,
    /**
     * Cut the leader off (put it in a minority, or crash it) for a while: an entry at risk is lost in an election
     * that the leader's heartbeats, which would repair the lagging log or keep its voters loyal, no longer prevent.
     */
    CUT_LEADER,
    /**
     * Keep the server that answered a stale read cut off from the other servers for a while: a leader that answers
     * reads on its own authority (a lease trusted too far, or a read confirmed too early) goes on answering them
     * while the rest of the cluster commits writes without it.
     */
    ISOLATE_NODE
  }

  HostPoint(String pointName, boolean sometimes) {
    this(pointName, sometimes, false);
  }

  HostPoint(String pointName, boolean sometimes, boolean nearMiss) {
    this(pointName, sometimes, nearMiss, Nudge.NONE);
  }

  HostPoint(String pointName, boolean sometimes, boolean nearMiss, Nudge nudge) {
    this.pointName = pointName;
    this.sometimes = sometimes;
    this.nearMiss = nearMiss;
    this.nudge = nudge;
  }

  public boolean nearMiss() {
    return nearMiss;
  }

  public Nudge nudge() {
    return nudge;
  }

  public String pointName() {
    return pointName;
  }

  public boolean sometimes() {
    return sometimes;
  }
}
