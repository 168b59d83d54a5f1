package dev.raftsim.microraft.internal;

import dev.raftsim.microraft.MicroRaftImplementation;
import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.KvOperation;
import dev.raftsim.spi.MembershipChange;
import dev.raftsim.spi.NodeHost;
import dev.raftsim.spi.NodeSetup;
import dev.raftsim.spi.RaftServer;
import dev.raftsim.spi.Role;
import io.microraft.MembershipChangeMode;
import io.microraft.Ordered;
import io.microraft.QueryPolicy;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNodeStatus;
import io.microraft.RaftRole;
import io.microraft.impl.RaftNodeImpl;
import io.microraft.impl.state.RaftGroupMembersState;
import io.microraft.impl.state.RaftState;
import io.microraft.model.groupop.UpdateRaftGroupMembersOp;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.BaseLogEntry;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.message.RaftMessage;
import io.microraft.persistence.RestoredRaftState;
import io.microraft.transport.Transport;
import io.microraft.impl.log.RaftLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One MicroRaft node incarnation behind the SPI. MicroRaft does all its work in tasks on the {@link SimExecutor};
 * the server only hands it inputs ({@code handle}, {@code replicate}, {@code query}, {@code changeMembership},
 * {@code transferLeadership}) and answers the host's standard clients from the futures.
 *
 * <p><b>Observation.</b> The checkers read the node after every event, dozens of times: MicroRaft's public report
 * ({@code RaftNode.getReport()}) is a future completed by a task, a copy per call, and has no per-entry terms. The
 * {@link dev.raftsim.spi.NodeState} methods therefore read MicroRaft's internal {@code RaftState} and {@code
 * RaftLog} ({@code RaftNodeImpl.state()}, public methods of its {@code impl} packages) as plain field reads. Which
 * log indexes changed comes from the {@link JournalStore} callbacks, which MicroRaft makes on every append and
 * truncation.
 */
public final class MicroRaftServer implements RaftServer, KvStateMachine.Sink {
  private static final Object GROUP = "raftsim";

  private final NodeHost host;
  private final int self;
  private final Tuning tuning;
  private final QueryPolicy readPolicy;
  private final String readMode;
  private final KvStateMachine machine;
  private final RaftNodeImpl node;
  private final RaftState state;
  private final long restoredSnapshotIndex;
  private int changedFrom = 1;
  private long snapshotDigest;
  private long snapshotDigestIndex = -1;
  /*
   * A snapshot MicroRaft takes compacts its log in the same task that applied (and often committed) the entries it
   * covers, before the checkers have seen them. Until the host has shown the node once more (markObserved), the
   * node is therefore reported with its previous snapshot base, and the entries the new snapshot swallowed are
   * read from this shadow (MicroRaft's own immutable entries, captured when the snapshot was taken), so that an
   * observer between inputs sees every entry before compaction, as raftsim's own servers promise.
   */
  private boolean lagging;
  private int lagBase;
  private long lagBaseTerm;
  private long lagBaseDigest;
  private int lagTop;
  private LogEntry[] shadow = new LogEntry[8];
  private RaftGroupMembersState membersSeen;
  private long votersSeen;
  private long learnersSeen;

  public MicroRaftServer(NodeSetup setup, NodeHost host, Tuning tuning) {
    this.host = host;
    this.self = setup.id();
    this.tuning = tuning;
    if (setup.has(MicroRaftImplementation.LOG_DEBUG)) {
      Logging.atLeast(Logging.DEBUG);
    } else if (setup.has(MicroRaftImplementation.LOG)) {
      Logging.atLeast(Logging.INFO);
    }
    String mode = setup.settings().readMode();
    this.readMode = mode;
    this.readPolicy = "index".equals(mode) ? QueryPolicy.LINEARIZABLE
        : "lease".equals(mode) ? QueryPolicy.LEADER_LEASE : null;
    this.machine = new KvStateMachine(this, tuning.snapshotChunks());
    JournalStore store = new JournalStore(host.storage(), this);
    SimExecutor executor = new SimExecutor(host.executor(), tuning, this);
    DefaultRaftModelFactory factory = new DefaultRaftModelFactory();
    Transport transport = new Transport() {
      @Override
      public void send(RaftEndpoint target, RaftMessage message) {
        host.send(Endpoint.idOf(target), message);
      }

      @Override
      public boolean isReachable(RaftEndpoint endpoint) {
        return true;
      }
    };
    SimClock clock = new SimClock(host, tuning.microsPerMilli());
    HostRandom random = new HostRandom(host.random());
    RestoredRaftState restored = setup.incarnation() > 0 ? JournalStore.restore(setup.durableRecords(), factory)
        : null;
    if (restored != null) {
      restoredSnapshotIndex = restored.getSnapshotEntry() == null ? -1 : restored.getSnapshotEntry().getIndex();
      node = Nodes.restored(GROUP, restored, tuning.config(), executor, machine, transport, factory, store,
          report -> {}, random, clock);
    } else {
      restoredSnapshotIndex = -1;
      List<RaftEndpoint> initial = new ArrayList<>();
      for (int i = 0; i < setup.clusterSize(); i++) {
        if ((setup.initialVoters() >>> i & 1) != 0) {
          initial.add(Endpoint.of(i));
        }
      }
      RaftGroupMembersView view = factory.createRaftGroupMembersViewBuilder().setLogIndex(0).setMembers(initial)
          .setVotingMembers(initial).build();
      node = Nodes.fresh(GROUP, Endpoint.of(self), view, tuning.config(), executor, machine, transport, factory,
          store, report -> {}, random, clock);
    }
    state = node.state();
  }

  /** The task as the executor runs it: an exception MicroRaft caught and logged as an ERROR is rethrown. */
  Runnable guarded(Runnable task) {
    return () -> {
      task.run();
      Throwable t = Logging.takeCaught();
      if (t != null) {
        throw rethrow(t);
      }
    };
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("MicroRaft caught and logged " + t, t);
  }

  // ------------------------------------------------------------------ inputs

  @Override
  public void start() {
    if (host.tracing()) {
      host.note("microraft " + tuning.describe());
    }
    node.start();
  }

  @Override
  public void onMessage(int from, Object message) {
    node.handle((RaftMessage) message);
  }

  @Override
  public void onTimer(int timer) {
    throw new IllegalStateException("MicroRaft arms no named timer, yet timer " + timer + " fired");
  }

  @Override
  public void onClientCommand(ClientCommand command) {
    if (state.role() != RaftRole.LEADER || node.getStatus() == RaftNodeStatus.TERMINATED) {
      host.reply(command.clientId(), command.seq(), false, null, leaderHint());
      return;
    }
    KvOperation op = (KvOperation) command.operation();
    CompletableFuture<Ordered<Object>> f = op.kind() == KvOperation.Kind.GET && readPolicy != null
        ? node.query(new KvStateMachine.Query(command), readPolicy, Optional.empty(), Optional.empty())
        : node.replicate(command);
    f.whenComplete((ordered, failure) -> {
      if (failure == null) {
        host.reply(command.clientId(), command.seq(), true, (String) ordered.getResult(), self);
      } else {
        host.reply(command.clientId(), command.seq(), false, null, leaderHint());
      }
    });
  }

  @Override
  public boolean changeMembership(MembershipChange change) {
    if (state.role() != RaftRole.LEADER || node.getStatus() != RaftNodeStatus.ACTIVE) {
      return false;
    }
    RaftGroupMembersState effective = state.effectiveGroupMembers();
    if (effective.getLogIndex() != state.committedGroupMembers().getLogIndex()) {
      return false; // one change at a time
    }
    long voters = Formats.members(effective.getVotingMembers());
    long members = Formats.members(effective.getMembers());
    int server;
    MembershipChangeMode mode;
    if (change instanceof MembershipChange.AddLearner a) {
      server = a.server();
      mode = MembershipChangeMode.ADD_LEARNER;
      if ((members >>> server & 1) != 0 || state.initialMembers().isKnownMember(Endpoint.of(server))) {
        return false; // MicroRaft adds as learners only servers outside the initial members
      }
    } else if (change instanceof MembershipChange.Promote p) {
      server = p.server();
      mode = MembershipChangeMode.ADD_OR_PROMOTE_TO_FOLLOWER;
      if ((members >>> server & 1) == 0 || (voters >>> server & 1) != 0) {
        return false;
      }
    } else if (change instanceof MembershipChange.AddVoter a) {
      server = a.server();
      mode = MembershipChangeMode.ADD_OR_PROMOTE_TO_FOLLOWER;
      if ((voters >>> server & 1) != 0) {
        return false;
      }
    } else if (change instanceof MembershipChange.Remove r) {
      server = r.server();
      mode = MembershipChangeMode.REMOVE_MEMBER;
      if ((members >>> server & 1) == 0 || Long.bitCount(voters) == 1 && (voters >>> server & 1) != 0) {
        return false;
      }
    } else {
      long target = ((MembershipChange.Replace) change).voters();
      long added = target & ~voters;
      long removed = voters & ~target;
      if (Long.bitCount(added) + Long.bitCount(removed) != 1) {
        return false; // MicroRaft changes one server at a time
      }
      server = Long.numberOfTrailingZeros(added | removed);
      mode = added != 0 ? MembershipChangeMode.ADD_OR_PROMOTE_TO_FOLLOWER : MembershipChangeMode.REMOVE_MEMBER;
    }
    if (server < 0 || server >= host.clusterSize()) {
      return false;
    }
    if (!committedInCurrentTerm()) {
      return false; // MicroRaft refuses a change before the leader commits an entry of its term (the 2015 fix)
    }
    node.changeMembership(Endpoint.of(server), mode, effective.getLogIndex());
    return true;
  }

  private boolean committedInCurrentTerm() {
    RaftLog log = state.log();
    long commit = state.commitIndex();
    BaseLogEntry last = commit == log.snapshotIndex() ? log.snapshotEntry() : log.getLogEntry(commit);
    return last != null && last.getTerm() == state.term();
  }

  @Override
  public boolean transferLeadership(int target) {
    if (state.role() != RaftRole.LEADER || node.getStatus() != RaftNodeStatus.ACTIVE || target == self
        || target < 0 || target >= host.clusterSize() || !state.isVotingMember(Endpoint.of(target))
        || state.leadershipTransferState() != null) {
      return false;
    }
    node.transferLeadership(Endpoint.of(target));
    return true;
  }

  // ------------------------------------------------------------------ callbacks from the store and state machine

  void logChanged(long index) {
    if (index < changedFrom) {
      changedFrom = (int) index;
    }
  }

  @Override
  public void applied(long index, int clientId, long seq) {
    host.applied((int) index, clientId, seq);
  }

  /**
   * MicroRaft 0.7 spins forever in {@code RaftNodeImpl.applyLogEntries} when a node applies its own removal (and
   * becomes TERMINATED) while its commit index lies beyond the next snapshot boundary: a terminated node skips the
   * snapshot at the boundary, the boundary is computed from the unchanged snapshot index, and the outer loop never
   * ends (docs/findings/microraft.md). One call that never returns would hang the whole campaign, so the adapter
   * recognises the state here, in the callback MicroRaft makes for the removal entry just after setting the status
   * and before it reaches the boundary, and fails the node instead: the hang becomes a replayable finding. The
   * condition is exactly the loop's, read from the same fields, so it fires only where MicroRaft would hang.
   */
  @Override
  public void membershipApplied(long index) {
    if (node.getStatus() != RaftNodeStatus.TERMINATED) {
      return;
    }
    long every = tuning.config().getCommitCountToTakeSnapshot();
    long base = state.log().snapshotIndex();
    long boundary = base - base % every + every;
    if (state.commitIndex() > boundary) {
      throw new IllegalStateException("MicroRaft would loop forever in RaftNodeImpl.applyLogEntries: n" + (self + 1)
          + " applied its own removal at index " + index + " and terminated with commit index "
          + state.commitIndex() + " beyond the snapshot boundary " + boundary
          + " (a terminated node never takes that snapshot, so applying stops there for good)");
    }
  }

  @Override
  public void readServed(ClientCommand command) {
    host.readServed(readMode, command.clientId(), command.seq(), (int) state.lastApplied());
  }

  @Override
  public void snapshotTaken(long index, long digest) {
    RaftLog log = state.log();
    if (!lagging) {
      lagBaseTerm = snapshotTerm();
      lagBaseDigest = snapshotStateDigest();
      lagBase = (int) log.snapshotIndex();
      lagTop = lagBase;
      lagging = true;
    }
    int top = (int) index;
    if (top - lagBase >= shadow.length) {
      shadow = java.util.Arrays.copyOf(shadow, Math.max(top - lagBase + 1, shadow.length * 2));
    }
    for (int i = lagTop + 1; i <= top; i++) {
      LogEntry kept = log.getLogEntry(i);
      if (kept == null) {
        throw new IllegalStateException("entry " + i + " is missing from the log when a snapshot at " + index
            + " is taken");
      }
      shadow[i - lagBase] = kept;
    }
    lagTop = Math.max(lagTop, top);
    snapshotDigest = digest;
    snapshotDigestIndex = index;
    LogEntry e = log.getLogEntry(index);
    host.snapshotTaken((int) index, e == null ? 0 : e.getTerm());
  }

  @Override
  public void snapshotInstalled(long index, long digest) {
    lagging = false; // the leader's snapshot covers entries the checkers have seen committed elsewhere
    snapshotDigest = digest;
    snapshotDigestIndex = index;
    logChanged(1);
    if (index != restoredSnapshotIndex || node.getStatus() != RaftNodeStatus.INITIAL) {
      BaseLogEntry s = state.log().snapshotEntry();
      host.snapshotInstalled((int) index, s == null ? 0 : s.getTerm());
    }
  }

  // ------------------------------------------------------------------ NodeState

  @Override
  public Role role() {
    RaftRole r = state.role();
    return r == RaftRole.LEADER ? Role.LEADER : r == RaftRole.CANDIDATE ? Role.CANDIDATE : Role.FOLLOWER;
  }

  @Override
  public long currentTerm() {
    return state.term();
  }

  @Override
  public int votedFor() {
    return Endpoint.idOf(state.votedEndpoint());
  }

  @Override
  public int lastIndex() {
    return (int) state.log().lastLogOrSnapshotIndex();
  }

  /** The entry at {@code index} above the reported snapshot base, or null. */
  private LogEntry logEntry(int index) {
    if (lagging && index <= lagTop) {
      return index > lagBase ? shadow[index - lagBase] : null;
    }
    return state.log().getLogEntry(index);
  }

  @Override
  public long termAt(int index) {
    if (index == 0) {
      return 0;
    }
    if (index == snapshotIndex()) {
      return snapshotTerm();
    }
    LogEntry e = logEntry(index);
    return e == null ? 0 : e.getTerm();
  }

  @Override
  public long entryDigest(int index) {
    LogEntry e = logEntry(index);
    return e == null ? 0 : Formats.entryDigest(e);
  }

  @Override
  public String describeEntry(int index) {
    LogEntry e = logEntry(index);
    return e == null ? "(compacted)" : Formats.describe(e.getOperation());
  }

  @Override
  public ClientCommand entryCommand(int index) {
    LogEntry e = logEntry(index);
    return e != null && e.getOperation() instanceof ClientCommand c ? c : null;
  }

  @Override
  public int commitIndex() {
    return (int) state.commitIndex();
  }

  @Override
  public int lastApplied() {
    return (int) state.lastApplied();
  }

  @Override
  public int logChangedFrom() {
    return Math.max(snapshotIndex() + 1, Math.min(changedFrom, lastIndex() + 1));
  }

  @Override
  public void markObserved() {
    changedFrom = Integer.MAX_VALUE;
    if (lagging) {
      lagging = false;
      java.util.Arrays.fill(shadow, null);
    }
  }

  @Override
  public int leaderHint() {
    return Endpoint.idOf(state.leader());
  }

  @Override
  public int snapshotIndex() {
    return lagging ? lagBase : (int) state.log().snapshotIndex();
  }

  @Override
  public long snapshotTerm() {
    if (lagging) {
      return lagBaseTerm;
    }
    BaseLogEntry s = state.log().snapshotEntry();
    return s == null ? 0 : s.getTerm();
  }

  @Override
  public long snapshotStateDigest() {
    if (lagging) {
      return lagBaseDigest;
    }
    return snapshotDigestIndex == state.log().snapshotIndex() ? snapshotDigest : 0;
  }

  @Override
  public boolean reportsMembership() {
    return true;
  }

  /** MicroRaft's RaftState.logReplicationQuorumSize: N of 2N voters commit (FPaxos), elections need N+1. */
  @Override
  public boolean halfCommitQuorumWhenEven() {
    return true;
  }

  private void refreshMembers() {
    RaftGroupMembersState m = state.effectiveGroupMembers();
    if (m != membersSeen) {
      membersSeen = m;
      votersSeen = Formats.members(m.getVotingMembers());
      learnersSeen = Formats.members(m.getMembers()) & ~votersSeen;
    }
  }

  @Override
  public long voters() {
    refreshMembers();
    return votersSeen;
  }

  @Override
  public long learners() {
    refreshMembers();
    return learnersSeen;
  }

  @Override
  public int configIndex() {
    return (int) state.effectiveGroupMembers().getLogIndex();
  }

  @Override
  public boolean isConfigEntry(int index) {
    LogEntry e = logEntry(index);
    return e != null && e.getOperation() instanceof UpdateRaftGroupMembersOp;
  }

  @Override
  public String kvRead(String key) {
    return machine.read(key);
  }
}
