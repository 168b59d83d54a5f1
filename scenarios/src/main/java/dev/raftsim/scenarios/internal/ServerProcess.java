package dev.raftsim.scenarios.internal;

import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.RaftOutput;
import dev.raftsim.raft.ReadMode;
import dev.raftsim.raft.Role;
import dev.raftsim.raft.Snapshot;
import dev.raftsim.raft.kv.KvServer;
import dev.raftsim.sim.Context;
import dev.raftsim.sim.SimProcess;

/** Hosts one KvServer (a Raft node and its state machine) on the simulator: the adapter between the two worlds. */
final class ServerProcess implements SimProcess<Message>, RaftOutput {
  static final int ELECTION_TIMER = 0;
  static final int HEARTBEAT_TIMER = 1;

  private final RaftCluster cluster;
  final KvServer server;
  private Context<Message> ctx;
  private Role roleBefore;
  private long termBefore;
  private int voteBefore;
  private int lastBefore;
  private int commitBefore;
  private int appliedBefore;
  private int snapshotBefore;
  /** A leader's matchIndex for the server whose message is being handled (-1: not a leader or not from a server). */
  private int peerBefore = -1;
  private int matchBefore;

  ServerProcess(RaftCluster cluster, KvServer server) {
    this.cluster = cluster;
    this.server = server;
  }

  @Override
  public void onStart(Context<Message> c) {
    ctx = c;
    capture();
    try {
      server.start(this);
    } catch (RuntimeException | AssertionError e) {
      if (!cluster.nodeThrew(c.self(), e)) {
        throw e;
      }
      return;
    }
    after(false);
  }

  @Override
  public void onMessage(Context<Message> c, int from, Message message) {
    ctx = c;
    capture();
    // Only a reply from a peer moves a leader's matchIndex for that peer; the checkers read it on leaders.
    RaftNode n = server.node();
    if (from < cluster.size() && from != n.id() && n.role() == Role.LEADER) {
      peerBefore = from;
      matchBefore = n.matchIndex(from);
    }
    try {
      server.onMessage(from, message, this);
    } catch (RuntimeException | AssertionError e) {
      peerBefore = -1;
      if (!cluster.nodeThrew(c.self(), e)) {
        throw e;
      }
      return;
    }
    after(true);
  }

  @Override
  public void onTimer(Context<Message> c, int timer) {
    ctx = c;
    capture();
    if (timer != ELECTION_TIMER && timer != HEARTBEAT_TIMER) {
      throw new IllegalStateException("unknown server timer " + timer);
    }
    try {
      if (timer == ELECTION_TIMER) {
        server.electionTimeout(this);
      } else {
        server.heartbeatTimeout(this);
      }
    } catch (RuntimeException | AssertionError e) {
      if (!cluster.nodeThrew(c.self(), e)) {
        throw e;
      }
      return;
    }
    after(true);
  }

  /** What the checkers observe of the node, before an input: to tell whether the input changed any of it. */
  private void capture() {
    RaftNode n = server.node();
    roleBefore = n.role();
    termBefore = n.currentTerm();
    voteBefore = n.votedFor();
    lastBefore = n.lastIndex();
    commitBefore = n.commitIndex();
    appliedBefore = n.lastApplied();
    snapshotBefore = n.snapshotIndex();
  }

  /**
   * Reports elections, and tells the cluster whether the input left the node exactly as the checkers last saw it
   * ({@code mayBeUnchanged} is false for a start: the checkers have not seen this incarnation yet).
   */
  private void after(boolean mayBeUnchanged) {
    RaftNode n = server.node();
    Role now = n.role();
    long term = n.currentTerm();
    if (now != roleBefore || term != termBefore) {
      if (now == Role.LEADER) {
        cluster.leaderElected(ctx.self(), term, ctx.now());
      }
      if (ctx.tracing()) {
        ctx.note("role=" + now.name() + " term=" + term);
      }
    }
    if (ctx.tracing() && n.commitIndex() > commitBefore && n.role() == Role.LEADER) {
      // Reports mark where a leader's commit index advanced (followers learn it later, from the leader).
      ctx.note("commit=" + n.commitIndex());
    }
    boolean unchanged = mayBeUnchanged && now == roleBefore && term == termBefore && n.votedFor() == voteBefore
        && n.lastIndex() == lastBefore && n.commitIndex() == commitBefore && n.lastApplied() == appliedBefore
        && n.logChangedFrom() == lastBefore + 1 && n.snapshotIndex() == snapshotBefore
        && (peerBefore < 0 || n.matchIndex(peerBefore) == matchBefore);
    peerBefore = -1;
    cluster.inputHandled(ctx.self(), unchanged);
  }

  @Override
  public void send(int to, Message m) {
    ctx.send(to, m);
  }

  @Override
  public void persistTermVote(long term, int votedFor) {
    ctx.write(new PersistRecord.TermVote(term, votedFor));
  }

  @Override
  public void persistTruncate(int fromIndex) {
    ctx.write(new PersistRecord.Truncate(fromIndex));
  }

  @Override
  public void persistAppend(int index, Entry e) {
    ctx.write(new PersistRecord.Append(index, e));
  }

  @Override
  public void persistSnapshot(Snapshot s) {
    ctx.write(new PersistRecord.SnapshotTaken(s));
    // Its own compaction has applied the index already; an install is written before it applies (restoreSnapshot).
    if (server.node().lastApplied() >= s.index()) {
      cluster.snapshotTaken();
      if (ctx.tracing()) {
        ctx.note("snapshot taken " + s.index() + "/" + s.term());
      }
    }
  }

  @Override
  public void restoreSnapshot(Snapshot s) {
    // The KvServer has replaced its state machine already; the cluster counts and traces the install.
    cluster.snapshotInstalled();
    if (ctx.tracing()) {
      ctx.note("installed snapshot " + s.index() + "/" + s.term());
    }
  }

  @Override
  public void sync() {
    ctx.sync();
  }

  @Override
  public void resetElectionTimer() {
    long min = cluster.config().electionMinMicros();
    long max = cluster.config().electionMaxMicros();
    ctx.setTimer(ELECTION_TIMER, min + ctx.random().nextLong(0, max - min));
  }

  @Override
  public void resetHeartbeatTimer() {
    ctx.setTimer(HEARTBEAT_TIMER, cluster.config().heartbeatMicros());
  }

  @Override
  public long localTimeMicros() {
    return ctx.localNow();
  }

  @Override
  public void readServed(ReadMode mode, int clientId, long seq, int appliedIndex) {
    cluster.readServed(mode, clientId, seq, appliedIndex, ctx.now());
    if (ctx.tracing()) {
      ctx.note("read=" + mode.cliName() + " c" + (clientId - cluster.config().nodes() + 1) + "#" + seq + " applied="
          + appliedIndex);
    }
  }

  @Override
  public void apply(int index, Entry e) {
    // The KvServer applies to its state machine itself; the cluster notes when each index first took effect.
    cluster.applied(index, e, ctx.now());
  }
}
