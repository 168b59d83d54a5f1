package dev.raftsim.raft.plugin;

import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.Command;
import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Membership;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.RaftOutput;
import dev.raftsim.raft.ReadMode;
import dev.raftsim.raft.Snapshot;
import dev.raftsim.raft.kv.KvServer;
import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.DurableStore;
import dev.raftsim.spi.KvOperation;
import dev.raftsim.spi.MembershipChange;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftServer;
import dev.raftsim.spi.Role;

/** One KvServer incarnation behind the SPI: inputs go to the server, its effects to the host. */
final class RaftsimServer implements RaftServer, RaftOutput {
  static final int ELECTION_TIMER = 0;
  static final int HEARTBEAT_TIMER = 1;

  /** spi.Role by model Role.ordinal(), checked once so the two enums can never drift apart silently. */
  private static final Role[] ROLES = new Role[dev.raftsim.raft.Role.values().length];

  static {
    for (dev.raftsim.raft.Role r : dev.raftsim.raft.Role.values()) {
      ROLES[r.ordinal()] = switch (r) {
        case FOLLOWER -> Role.FOLLOWER;
        case CANDIDATE -> Role.CANDIDATE;
        case LEADER -> Role.LEADER;
      };
    }
  }

  private final KvServer server;
  private final RaftNode node;
  private final NodeHost host;
  private final DurableStore disk;
  private final long electionMin;
  private final long electionSpread;
  private final long heartbeat;
  private final int clusterSize;

  RaftsimServer(KvServer server, NodeHost host, NodeSetup.Settings settings) {
    this.server = server;
    this.node = server.node();
    this.host = host;
    this.disk = host.storage();
    this.electionMin = settings.electionMinMicros();
    this.electionSpread = settings.electionMaxMicros() - settings.electionMinMicros();
    this.heartbeat = settings.heartbeatMicros();
    this.clusterSize = node.config().clusterSize();
  }

  // ---------------------------------------------------------------- inputs

  @Override
  public void start() {
    server.start(this);
  }

  @Override
  public void onMessage(int from, Object message) {
    server.onMessage(from, (Message) message, this);
  }

  @Override
  public void onTimer(int timer) {
    if (timer == ELECTION_TIMER) {
      server.electionTimeout(this);
    } else if (timer == HEARTBEAT_TIMER) {
      server.heartbeatTimeout(this);
    } else {
      throw new IllegalStateException("unknown server timer " + timer);
    }
  }

  @Override
  public void onClientCommand(ClientCommand c) {
    if (!(c.operation() instanceof KvOperation op)) {
      throw new IllegalArgumentException("raftsim serves the KV workload only, not " + c.operation().describe());
    }
    Op kind = switch (op.kind()) {
      case PUT -> Op.PUT;
      case APPEND -> Op.APPEND;
      case GET -> Op.GET;
    };
    // The model's client protocol: the answer goes to the client as a ClientReply message.
    server.onMessage(c.clientId(), new ClientRequest(c.clientId(), c.seq(), kind, op.key(), op.value()), this);
  }

  @Override
  public boolean campaign() {
    server.electionTimeout(this);
    return true;
  }

  @Override
  public boolean changeMembership(MembershipChange change) {
    RaftNode n = node;
    java.util.function.Predicate<RaftOutput> call;
    int s;
    if (change instanceof MembershipChange.Replace r) {
      long v = r.voters();
      if ((v & ~Membership.all(clusterSize)) != 0) {
        return false;
      }
      return server.leaderCall(o -> n.replaceVoters(v, o), this);
    } else if (change instanceof MembershipChange.AddLearner c) {
      s = c.server();
      call = o -> n.addLearner(s, o);
    } else if (change instanceof MembershipChange.AddVoter c) {
      s = c.server();
      call = o -> n.addVoter(s, o);
    } else if (change instanceof MembershipChange.Promote c) {
      s = c.server();
      call = o -> n.promote(s, o);
    } else {
      s = ((MembershipChange.Remove) change).server();
      call = o -> n.remove(s, o);
    }
    return s >= 0 && s < clusterSize && server.leaderCall(call, this);
  }

  @Override
  public boolean transferLeadership(int target) {
    if (target < 0 || target >= clusterSize) {
      return false;
    }
    RaftNode n = node;
    return server.leaderCall(o -> n.transferLeadership(target, o), this);
  }

  // ---------------------------------------------------------------- RaftOutput: the model's effects

  @Override
  public void send(int to, Message m) {
    host.send(to, m);
  }

  @Override
  public void persistTermVote(long term, int votedFor) {
    disk.write(new PersistRecord.TermVote(term, votedFor));
  }

  @Override
  public void persistTruncate(int fromIndex) {
    disk.write(new PersistRecord.Truncate(fromIndex));
  }

  @Override
  public void persistAppend(int index, Entry e) {
    disk.write(new PersistRecord.Append(index, e));
  }

  @Override
  public void persistSnapshot(Snapshot s) {
    disk.write(new PersistRecord.SnapshotTaken(s));
    // Its own compaction has applied the index already; an install is written before it applies (restoreSnapshot).
    if (node.lastApplied() >= s.index()) {
      host.snapshotTaken(s.index(), s.term());
    }
  }

  @Override
  public void restoreSnapshot(Snapshot s) {
    // The KvServer has replaced its state machine already.
    host.snapshotInstalled(s.index(), s.term());
  }

  @Override
  public void sync() {
    disk.sync();
  }

  @Override
  public void resetElectionTimer() {
    host.setTimer(ELECTION_TIMER, electionMin + host.random().nextLong(0, electionSpread));
  }

  @Override
  public void resetHeartbeatTimer() {
    host.setTimer(HEARTBEAT_TIMER, heartbeat);
  }

  @Override
  public long localTimeMicros() {
    return host.localNow();
  }

  @Override
  public void readServed(ReadMode mode, int clientId, long seq, int appliedIndex) {
    host.readServed(mode.cliName(), clientId, seq, appliedIndex);
  }

  @Override
  public void apply(int index, Entry e) {
    // The KvServer applies to its state machine itself; the host notes when each index first took effect.
    Command c = e.command();
    if (c == null) {
      host.applied(index, -1, 0);
    } else {
      host.applied(index, c.clientId(), c.seq());
    }
  }

  // ---------------------------------------------------------------- NodeState

  @Override
  public Role role() {
    return ROLES[node.role().ordinal()];
  }

  @Override
  public long currentTerm() {
    return node.currentTerm();
  }

  @Override
  public int votedFor() {
    return node.votedFor();
  }

  @Override
  public int lastIndex() {
    return node.lastIndex();
  }

  @Override
  public long termAt(int index) {
    return node.termAt(index);
  }

  @Override
  public long entryDigest(int index) {
    return node.entryAt(index).digest();
  }

  @Override
  public String describeEntry(int index) {
    return node.entryAt(index).describe();
  }

  @Override
  public ClientCommand entryCommand(int index) {
    Command c = node.entryAt(index).command();
    if (c == null) {
      return null;
    }
    KvOperation.Kind kind = switch (c.op()) {
      case PUT -> KvOperation.Kind.PUT;
      case APPEND -> KvOperation.Kind.APPEND;
      case GET -> KvOperation.Kind.GET;
    };
    return new ClientCommand(c.clientId(), c.seq(), new KvOperation(kind, c.key(), c.value()));
  }

  @Override
  public int commitIndex() {
    return node.commitIndex();
  }

  @Override
  public int lastApplied() {
    return node.lastApplied();
  }

  @Override
  public int logChangedFrom() {
    return node.logChangedFrom();
  }

  @Override
  public void markObserved() {
    node.clearLogChanged();
  }

  @Override
  public int leaderHint() {
    return node.leaderHint();
  }

  @Override
  public int snapshotIndex() {
    return node.snapshotIndex();
  }

  @Override
  public long snapshotTerm() {
    return node.snapshotTerm();
  }

  @Override
  public long snapshotStateDigest() {
    Snapshot s = node.snapshot();
    return s == null ? 0 : s.stateDigest();
  }

  @Override
  public void countCoverageInto(int[] counters) {
    server.countCoverageInto(counters);
  }

  @Override
  public boolean reportsLeaderProgress() {
    return true;
  }

  @Override
  public int matchIndex(int peer) {
    return node.matchIndex(peer);
  }

  @Override
  public int nextIndex(int peer) {
    return node.nextIndex(peer);
  }

  // Membership (the configuration in effect on this server; see RaftNode.membership)

  @Override
  public boolean reportsMembership() {
    return true;
  }

  @Override
  public long voters() {
    return node.membership().voters();
  }

  @Override
  public long learners() {
    return node.membership().learners();
  }

  @Override
  public long jointOldVoters() {
    return node.membership().oldVoters();
  }

  @Override
  public int configIndex() {
    return node.membershipIndex();
  }

  @Override
  public boolean isConfigEntry(int index) {
    return node.entryAt(index).isConfig();
  }

  @Override
  public String kvRead(String key) {
    return server.stateMachine().read(key);
  }
}
