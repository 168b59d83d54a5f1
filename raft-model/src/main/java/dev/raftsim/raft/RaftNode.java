package dev.raftsim.raft;

import dev.raftsim.raft.internal.Hashing;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One Raft server as a pure, deterministic state machine (the rules of the paper's Figure 2). The host
 * feeds inputs ({@link #start}, {@link #step}, {@link #electionTimeout}, {@link #heartbeatTimeout},
 * {@link #propose}) and receives every effect through {@link RaftOutput}. There is no randomness, clock
 * or I/O inside.
 *
 * <p>The log is an array, 1-based, with a parallel array of chained prefix digests, so that every input
 * costs time in the number of entries it touches (plus O(log n) binary searches for backtracking hints
 * and O(clusterSize) per leader commit check), never in the log length. Only {@link #restore} and
 * {@link #copy} are linear in the log.
 *
 * <p>Log compaction (the paper's section 7, Figure 13): the log may start after a snapshot base (snapIndex,
 * snapshot term). Slot 0 of the arrays is the base (no entry; its prefix digest is the snapshot's), so every index
 * i > base lives at slot i - base and an uncompacted log is the special case base 0. Entries at or below the base
 * are gone: {@link #termAt} answers for the base itself and above, {@link #entryAt} above it only. The host decides
 * when to snapshot ({@link #compact}); a leader sends {@link InstallSnapshot} to a follower whose nextIndex is at or
 * below its base; a follower installs one by Figure 13 and never moves its state machine backwards.
 *
 * <p>The node checks its own persistence discipline: every write goes through {@code out.persist*} and
 * is followed by {@code out.sync()} before any send; a send with unsynced writes throws
 * IllegalStateException, except on the path of the planted bug {@link PlantedBug#ACK_BEFORE_PERSIST}.
 *
 * <p>Not thread-safe, not re-entrant: an output callback must not call back into the node.
 */
public final class RaftNode implements CoverageReporting {

  private static final int NONE = -1;
  private static final int NO_CHANGE = Integer.MAX_VALUE;
  private static final int INITIAL_CAPACITY = 16;

  private final int id;
  private final RaftConfig cfg;
  private final int n;
  private final int quorum;

  // Planted bug switches, resolved once (hot path).
  private final boolean bugFigure8Commit;
  private final boolean bugForgetVote;
  private final boolean bugCountVotes;
  private final boolean bugAcceptStaleVote;
  private final boolean bugTruncateOnStaleAppend;
  private final boolean bugSkipUpToDateCheck;
  private final boolean bugCommitBeyondMatch;
  private final boolean bugAckBeforePersist;
  private final boolean bugMatchFromStaleReply;
  private final boolean bugAcceptStaleAppend;
  private final boolean bugReadBeforeTermCommit;
  private final boolean bugStaleAck;
  private final boolean bugLeaseWithoutCheckQuorum;
  private final boolean bugDiscardSuffixOnInstall;
  private final boolean bugInstallRollsBack;
  private final boolean bugProbeAtSnapshotBase;
  private final boolean bugChangeBeforeCommit;
  private final boolean bugConfigOnCommit;
  private final boolean bugLeaveJointEarly;
  private final boolean bugPromoteEarly;
  private final boolean bugRemovedLeaderServes;
  private final boolean bugSnapshotDropsConfig;
  private final boolean anyBug;

  // Beyond Figure 2 (ProtocolOptions), resolved once.
  private final boolean plain;
  private final ReadMode readMode;
  private final boolean preVote;
  private final boolean checkQuorum;
  /**
   * Refuse RequestVote of a higher term while the leader is known to be alive: CheckQuorum's half that a lease
   * depends on (a voter that acknowledged the leader must not help elect another before the lease runs out).
   */
  private final boolean guardVotes;
  /** The §4.2.3 guard once membership is in play ({@link RaftConfig#disruptionGuard}). */
  private final boolean membershipGuard;
  private final long electionTimeoutMicros;
  private final long leaseMicros;

  // Membership (dissertation chapter 4). Every server starts with the initial configuration, spares included.
  private final Membership initialConf;
  private final long allServers;
  /**
   * The configuration in effect: the one in the last configuration entry of the log (it takes effect on append, not
   * on commit), else the snapshot's, else the initial one.
   */
  private Membership conf;
  /** The index of the entry holding {@link #conf}, or the base's (the snapshot's configIndex, 0 if initial). */
  private int confIndex;
  /** The last configuration entry in the log (0: none above the base); equals confIndex but under config-on-commit. */
  private int logConfIndex;
  /**
   * Every server a voter, no learners, not joint: the Figure 2 arithmetic over all n servers applies unchanged (the
   * fast path, and exactly the behaviour of a model without membership).
   */
  private boolean simple;
  /** Leader only: learners to promote once caught up (AddVoter stages a server as a learner first). */
  private long pendingPromote;
  /** Leader only: the target of a leadership transfer in progress, or -1; new commands are refused meanwhile. */
  private int transferTarget;
  /** Heartbeats left before the transfer is abandoned (about an election timeout). */
  private int transferTicks;
  private boolean transferSent;
  /**
   * Leader only: TimeoutNow was sent in this term, so another leader may be elected any moment (the message may be
   * delayed past an abort): no more lease reads in this term.
   */
  private boolean leaseRevoked;

  private Role role;
  private long currentTerm;
  private int votedFor;
  private int leaderHint;

  /** Entry i (snapIndex < i <= lastIndex) at slot i - snapIndex; slot 0 and slots past the end are null. */
  private Entry[] log;
  /** prefixDigest[i - snapIndex] = chained digest of entries 1..i; slot 0 is the base's (the empty log's at 0). */
  private long[] prefixDigest;
  private int lastIndex;
  /** The snapshot base: entries 1..snapIndex are compacted into {@link #snapshot} (null while snapIndex is 0). */
  private int snapIndex;
  private Snapshot snapshot;
  private int commitIndex;
  private int lastApplied;

  /** Leader only; all zero in other roles so that the state stays canonical. */
  private final int[] nextIndex;
  private final int[] matchIndex;
  /** Candidate only; all false / zero in other roles. */
  private final boolean[] voters;
  private int votesCounted;

  /** Leader only (null with plain options): read rounds, lease and CheckQuorum bookkeeping. */
  private final LeaderReads reads;
  /**
   * Heard from a leader of the current term (or restarted) since the election timer last fired: such a server
   * grants no pre-vote and, with {@link #guardVotes}, ignores RequestVote of a higher term. The election timer fires
   * no earlier than the minimum election timeout after it was last reset, so this is "within an election timeout".
   */
  private boolean heardLeader;
  /** PreVote: a follower asking whether it could win term currentTerm + 1 (votes gathered in {@link #voters}). */
  private boolean preCandidate;

  /** Host bookkeeping for incremental checkers; not part of the Raft state (not in fingerprint). */
  private int changedFrom;
  /** Built by restore and not started yet: start() reports what the restart recovered. */
  private boolean restored;

  // Per-input bookkeeping, never carried between inputs in the correct model.
  private boolean unsynced;
  private boolean unsyncedTermVote;
  private boolean busy;
  private final int[] scratch;
  private final RaftMessage[] broadcastScratch;
  /** The host's coverage counters (by CoveragePoint ordinal), or null: not counting. Not part of the state. */
  private int[] coverage;

  /** A fresh node: term 0, no vote, empty log, follower. */
  public RaftNode(int id, RaftConfig cfg) {
    this(id, cfg, INITIAL_CAPACITY);
    this.changedFrom = NO_CHANGE;
  }

  private RaftNode(int id, RaftConfig cfg, int capacity) {
    Objects.requireNonNull(cfg, "cfg");
    if (id < 0 || id >= cfg.clusterSize()) {
      throw new IllegalArgumentException("node id " + id + " outside 0.." + (cfg.clusterSize() - 1));
    }
    this.id = id;
    this.cfg = cfg;
    this.n = cfg.clusterSize();
    this.quorum = n / 2 + 1; // the fast path's: every server a voter
    this.bugFigure8Commit = cfg.has(PlantedBug.FIGURE8_COMMIT);
    this.bugForgetVote = cfg.has(PlantedBug.FORGET_VOTE_ON_RESTART);
    this.bugCountVotes = cfg.has(PlantedBug.COUNT_VOTES_NOT_VOTERS);
    this.bugAcceptStaleVote = cfg.has(PlantedBug.ACCEPT_STALE_VOTE);
    this.bugTruncateOnStaleAppend = cfg.has(PlantedBug.TRUNCATE_ON_STALE_APPEND);
    this.bugSkipUpToDateCheck = cfg.has(PlantedBug.SKIP_UP_TO_DATE_CHECK);
    this.bugCommitBeyondMatch = cfg.has(PlantedBug.COMMIT_BEYOND_MATCH);
    this.bugAckBeforePersist = cfg.has(PlantedBug.ACK_BEFORE_PERSIST);
    this.bugMatchFromStaleReply = cfg.has(PlantedBug.MATCH_FROM_STALE_REPLY);
    this.bugAcceptStaleAppend = cfg.has(PlantedBug.ACCEPT_STALE_APPEND);
    this.bugDiscardSuffixOnInstall = cfg.has(PlantedBug.DISCARD_SUFFIX_ON_INSTALL);
    this.bugInstallRollsBack = cfg.has(PlantedBug.INSTALL_ROLLS_BACK);
    this.bugProbeAtSnapshotBase = cfg.has(PlantedBug.PROBE_AT_SNAPSHOT_BASE);
    this.bugChangeBeforeCommit = cfg.has(PlantedBug.SINGLE_SERVER_CHANGE_BEFORE_COMMIT);
    this.bugConfigOnCommit = cfg.has(PlantedBug.CONFIG_ON_COMMIT);
    this.bugLeaveJointEarly = cfg.has(PlantedBug.LEAVE_JOINT_EARLY);
    this.bugPromoteEarly = cfg.has(PlantedBug.PROMOTE_BEFORE_CAUGHT_UP);
    this.bugRemovedLeaderServes = cfg.has(PlantedBug.REMOVED_LEADER_KEEPS_SERVING);
    this.bugSnapshotDropsConfig = cfg.has(PlantedBug.SNAPSHOT_DROPS_CONFIG);
    // The node's assertions make way for the checkers under a planted bug, except under the one bug whose point is
    // that the node's own assertion catches it.
    this.anyBug = !cfg.bugs().isEmpty() && !(cfg.bugs().size() == 1 && bugAcceptStaleAppend);
    this.bugReadBeforeTermCommit = cfg.has(PlantedBug.READINDEX_BEFORE_TERM_COMMIT);
    this.bugStaleAck = cfg.has(PlantedBug.READINDEX_STALE_ACK);
    this.bugLeaseWithoutCheckQuorum = cfg.has(PlantedBug.LEASE_WITHOUT_CHECKQUORUM);
    ProtocolOptions o = cfg.options();
    this.plain = o.plain();
    this.readMode = o.readMode();
    this.preVote = o.preVote();
    this.checkQuorum = o.checkQuorum();
    this.guardVotes = o.checkQuorum() || o.readMode() == ReadMode.LEASE;
    this.membershipGuard = cfg.disruptionGuard();
    this.electionTimeoutMicros = o.electionTimeoutMicros();
    // Clock rates differ by at most the drift factor D, so a lease of electionTimeout / D by the leader's clock ends
    // (in real time) before any voter that acknowledged it can have waited out electionTimeout by its own clock.
    this.leaseMicros = o.electionTimeoutMicros() * 1000 / o.clockDriftPermille();
    this.reads = plain ? null : new LeaderReads(id, n, quorum);
    this.allServers = Membership.all(n);
    this.initialConf = Membership.of(cfg.initialVoters());
    this.transferTarget = NONE;
    setConf(initialConf, 0);
    this.role = Role.FOLLOWER;
    this.votedFor = NONE;
    this.leaderHint = NONE;
    this.log = new Entry[capacity];
    this.prefixDigest = new long[capacity];
    this.prefixDigest[0] = Hashing.SEED;
    this.nextIndex = new int[n];
    this.matchIndex = new int[n];
    this.voters = new boolean[n];
    this.scratch = new int[n];
    this.broadcastScratch = new RaftMessage[n];
  }

  /**
   * A node restarting after a crash with its durable state. Volatile state is reset: follower,
   * commitIndex 0, lastApplied 0, no known leader; {@link #logChangedFrom()} is 1.
   */
  public static RaftNode restore(int id, RaftConfig cfg, long term, int votedFor, List<Entry> durableLog) {
    return restore(id, cfg, term, votedFor, null, durableLog);
  }

  /**
   * A node restarting from its durable snapshot (null: none) and the log entries after it. commitIndex and
   * lastApplied start at the snapshot's index (the host restores its state machine from the same snapshot);
   * {@link #logChangedFrom()} is the index after it.
   */
  public static RaftNode restore(int id, RaftConfig cfg, long term, int votedFor, Snapshot snap,
      List<Entry> durableLog) {
    Objects.requireNonNull(durableLog, "durableLog");
    if (term < 0) {
      throw new IllegalArgumentException("term must be >= 0, got " + term);
    }
    if (votedFor < NONE || votedFor >= cfg.clusterSize()) {
      throw new IllegalArgumentException("votedFor " + votedFor + " outside -1.." + (cfg.clusterSize() - 1));
    }
    RaftNode node = new RaftNode(id, cfg, Math.max(INITIAL_CAPACITY, durableLog.size() + 1));
    node.currentTerm = term;
    node.votedFor = votedFor;
    long previousTerm = 0;
    if (snap != null) {
      if (snap.term() > term) {
        throw new IllegalArgumentException("snapshot " + snap + " of node " + id + " is beyond its term " + term);
      }
      node.snapIndex = snap.index();
      node.snapshot = snap;
      node.lastIndex = snap.index();
      node.commitIndex = snap.index();
      node.lastApplied = snap.index();
      node.prefixDigest[0] = snap.logDigest();
      previousTerm = snap.term();
    }
    for (Entry e : durableLog) {
      Objects.requireNonNull(e, "null entry in durable log");
      if (e.term() < previousTerm || e.term() > term) {
        throw new IllegalArgumentException("durable log of node " + id + " (term " + term
            + ") has an entry of term " + e.term() + " after term " + previousTerm);
      }
      previousTerm = e.term();
      int slot = ++node.lastIndex - node.snapIndex;
      node.log[slot] = e;
      node.prefixDigest[slot] = Hashing.combine(node.prefixDigest[slot - 1], e.digest());
    }
    node.recomputeConf();
    // It may have acknowledged a leader just before it crashed: it waits an election timeout before voting.
    node.heardLeader = node.guardVotes || node.preVote || (!node.simple && node.membershipGuard);
    node.changedFrom = node.snapIndex + 1;
    node.restored = true;
    return node;
  }

  // ---------------------------------------------------------------------------------------------------
  // Inputs

  /** On a fresh start or after {@link #restore}: arms the election timer. */
  public void start(RaftOutput out) {
    begin(out);
    try {
      if (restored) {
        restored = false;
        if (lastIndex > 0) {
          hit(CoveragePoint.RESTORED_LOG);
        }
        if (votedFor != NONE) {
          hit(CoveragePoint.RESTORED_VOTE);
        }
      }
      out.resetElectionTimer();
      checkSyncedAtEnd();
    } finally {
      busy = false;
    }
  }

  /** Delivers one of the four Raft messages sent by server {@code from}. */
  public void step(int from, Message m, RaftOutput out) {
    checkServer(from, "sender");
    if (from == id) {
      throw new IllegalArgumentException("node " + id + " received a message from itself: " + m);
    }
    Objects.requireNonNull(m, "message");
    // Exact tests of the (final) message classes, most frequent first, and the sender read from each: no instanceof
    // against the RaftMessage interface and no interface call on the hot path (see KvServer.onMessage).
    int sender;
    if (m instanceof AppendEntries ae) {
      sender = ae.senderId();
    } else if (m instanceof AppendEntriesReply r) {
      sender = r.senderId();
    } else if (m instanceof RequestVote rv) {
      sender = rv.senderId();
    } else if (m instanceof RequestVoteReply r) {
      sender = r.senderId();
    } else if (m instanceof InstallSnapshot is) {
      sender = is.senderId();
    } else if (m instanceof InstallSnapshotReply r) {
      sender = r.senderId();
    } else if (m instanceof TimeoutNow t) {
      sender = t.senderId();
    } else {
      throw new IllegalArgumentException(m.kind() + " is a client message; KvServer handles it, not RaftNode");
    }
    if (sender != from) {
      throw new IllegalArgumentException(m.kind() + " claims sender " + sender + " but came from " + from);
    }
    begin(out);
    try {
      if (m instanceof AppendEntries ae) {
        onAppendEntries(from, ae, out);
      } else if (m instanceof AppendEntriesReply r) {
        onAppendEntriesReply(from, r, out);
      } else if (m instanceof RequestVote rv) {
        onRequestVote(from, rv, out);
      } else if (m instanceof RequestVoteReply r) {
        onRequestVoteReply(from, r, out);
      } else if (m instanceof InstallSnapshot is) {
        onInstallSnapshot(from, is, out);
      } else if (m instanceof InstallSnapshotReply r) {
        onInstallSnapshotReply(from, r, out);
      } else {
        onTimeoutNow((TimeoutNow) m, out);
      }
      checkSyncedAtEnd();
    } finally {
      busy = false;
    }
  }

  /** The election timer fired: a follower or candidate starts an election; a leader ignores it. */
  public void electionTimeout(RaftOutput out) {
    begin(out);
    try {
      if (role != Role.LEADER) {
        heardLeader = false;
        if (!simple && !conf.isVoter(id)) {
          // A learner, a spare or a removed server never campaigns (it could not count its own vote anyway); the
          // timer stays armed so that it campaigns once a configuration makes it a voter.
          hit(CoveragePoint.ELECTION_SKIPPED_NOT_VOTER);
          if (role == Role.CANDIDATE || preCandidate) {
            becomeFollower(NONE);
          }
          out.resetElectionTimer();
        } else if (preVote) {
          startPreVote(out);
        } else {
          startElection(out, false);
        }
      }
      checkSyncedAtEnd();
    } finally {
      busy = false;
    }
  }

  /** The heartbeat timer fired: a leader sends AppendEntries to every peer and re-arms it. */
  public void heartbeatTimeout(RaftOutput out) {
    begin(out);
    try {
      if (role == Role.LEADER) {
        if (checkQuorum && !reads.quorumHeardWithin(out.localTimeMicros(), electionTimeoutMicros)) {
          // CheckQuorum: a leader cut off from a quorum for an election timeout stops claiming to lead.
          hit(CoveragePoint.CHECKQUORUM_STEPPED_DOWN);
          becomeFollower(NONE);
          out.resetElectionTimer();
        } else {
          if (readMode == ReadMode.LEASE) {
            reads.nextRound(out.localTimeMicros()); // every heartbeat renews the lease
          }
          if (transferTarget != NONE && --transferTicks <= 0) {
            hit(CoveragePoint.TRANSFER_ABORTED); // the target did not take over within an election timeout
            transferTarget = NONE;
            transferSent = false;
          }
          broadcastAppend(out);
          out.resetHeartbeatTimer();
        }
      }
      checkSyncedAtEnd();
    } finally {
      busy = false;
    }
  }

  /**
   * A leader appends {@code c} to its log, makes it durable and sends AppendEntries to every peer at
   * once. Returns the entry's index, or -1 (and does nothing) when not leader.
   */
  public int propose(Command c, RaftOutput out) {
    Objects.requireNonNull(c, "command");
    begin(out);
    try {
      int index = -1;
      if (role == Role.LEADER && transferTarget != NONE) {
        hit(CoveragePoint.PROPOSE_REFUSED_DURING_TRANSFER);
      } else if (role == Role.LEADER) {
        hit(CoveragePoint.LEADER_PROPOSED);
        appendEntry(new Entry(currentTerm, c), out);
        syncIfNeeded(out);
        index = lastIndex;
        noteLeaderOwnProgress();
        broadcastAppend(out);
        advanceCommit(out);
      }
      checkSyncedAtEnd();
      return index;
    } finally {
      busy = false;
    }
  }

  /**
   * The host took snapshot {@code s} of its state machine at an index this node has applied: make it durable and
   * discard the log through it. A snapshot at or below the current base is ignored. The host calls this between
   * inputs, never in the input that applied the index (so an observer has seen every entry before it is gone).
   */
  public void compact(Snapshot s, RaftOutput out) {
    Objects.requireNonNull(s, "snapshot");
    begin(out);
    try {
      if (s.index() > snapIndex) {
        if (s.index() > lastApplied || termAt(s.index()) != s.term() || prefixDigest(s.index()) != s.logDigest()) {
          throw new IllegalStateException("node " + id + " asked to compact to " + s + " but has applied "
              + lastApplied + " and holds " + (s.index() <= lastIndex ? "term " + termAt(s.index()) : "no entry")
              + " there");
        }
        // The snapshot holds the configuration in effect at its index (the paper's section 7), found in the log here
        // (the host does not know it); under the planted bug it keeps none, as if the initial one.
        int at = lastConfigAtOrBelow(s.index());
        if (at > snapIndex) {
          s = s.withConfig(bugSnapshotDropsConfig ? null : log[at - snapIndex].config(), at);
        } else if (snapshot != null && snapshot.config() != null && !bugSnapshotDropsConfig) {
          s = s.withConfig(snapshot.config(), snapshot.configIndex());
        }
        // Safe order: the snapshot record reaches the journal before the node forgets the entries it replaces.
        hit(CoveragePoint.SNAPSHOT_TAKEN);
        out.persistSnapshot(s);
        unsynced = true;
        syncIfNeeded(out);
        rebase(s, true);
        if (logConfIndex <= snapIndex) {
          logConfIndex = 0; // (the entry is in the snapshot now; confIndex keeps naming it)
        }
      }
      checkSyncedAtEnd();
    } finally {
      busy = false;
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Elections

  private void startElection(RaftOutput out, boolean transfer) {
    hit(role == Role.CANDIDATE ? CoveragePoint.ELECTION_RETRIED : CoveragePoint.ELECTION_STARTED);
    preCandidate = false;
    currentTerm++;
    votedFor = id;
    role = Role.CANDIDATE;
    leaderHint = NONE;
    clearLeaderState();
    clearCandidateState();
    voters[id] = true;
    votesCounted = 1;
    persistTermVote(out);
    syncIfNeeded(out);
    out.resetElectionTimer();
    if (electionWon()) {
      becomeLeader(out);
      return;
    }
    RequestVote rv = new RequestVote(currentTerm, id, lastIndex, termAt(lastIndex), false, transfer);
    long to = simple ? allServers : conf.voters() | conf.oldVoters();
    for (int p = 0; p < n; p++) {
      if (p != id && (to >>> p & 1) != 0) {
        send(p, rv, out);
      }
    }
  }

  /** Whether the votes in {@link #voters} win: a majority of every voter set in effect (both halves while joint). */
  private boolean electionWon() {
    if (simple) {
      return votesCounted >= quorum;
    }
    long set = 0;
    for (int p = 0; p < n; p++) {
      if (voters[p]) {
        set |= 1L << p;
      }
    }
    return conf.isQuorum(set);
  }

  private void onRequestVote(int from, RequestVote rv, RaftOutput out) {
    if (rv.preVote()) {
      // Nothing changes here, whatever the answer: no term, no vote, no timer.
      boolean yes = rv.term() > currentTerm && !heardLeader && role != Role.LEADER && candidateLogUpToDate(rv);
      hit(yes ? CoveragePoint.PREVOTE_GRANTED : CoveragePoint.PREVOTE_REFUSED);
      send(from, new RequestVoteReply(yes ? rv.term() : currentTerm, id, yes, true), out);
      return;
    }
    if ((guardVotes || (!simple && membershipGuard)) && rv.term() > currentTerm && (heardLeader || role == Role.LEADER)) {
      if (rv.transfer()) {
        hit(CoveragePoint.VOTE_TRANSFER_NOT_IGNORED); // the leader itself asked for this election (TimeoutNow)
      } else {
        // The leader is alive as far as we know: not even the term is taken (etcd's in-lease rule; with membership
        // changes the dissertation's §4.2.3, which keeps a removed server from disrupting the cluster).
        hit(CoveragePoint.VOTE_IGNORED_LEADER_ALIVE);
        return;
      }
    }
    if (rv.term() > currentTerm) {
      hit(CoveragePoint.TERM_ADOPTED_FROM_VOTE_REQUEST);
      if (role == Role.LEADER) {
        hit(CoveragePoint.LEADER_STEPPED_DOWN_ON_REQUEST);
      }
      adoptHigherTerm(rv.term(), out);
    }
    boolean grant = rv.term() == currentTerm
        && (votedFor == NONE || votedFor == from)
        && (bugSkipUpToDateCheck || candidateLogUpToDate(rv));
    if (coverage != null) {
      coverVote(from, rv, grant);
    }
    if (grant) {
      if (votedFor != from) {
        votedFor = from;
        persistTermVote(out);
      }
      out.resetElectionTimer();
    }
    syncIfNeeded(out);
    send(from, new RequestVoteReply(currentTerm, id, grant), out);
  }

  private void coverVote(int from, RequestVote rv, boolean grant) {
    if (grant) {
      hit(votedFor == from ? CoveragePoint.VOTE_GRANTED_AGAIN : CoveragePoint.VOTE_GRANTED);
      long myLastTerm = termAt(lastIndex);
      if (rv.lastLogTerm() > myLastTerm || (rv.lastLogTerm() == myLastTerm && rv.lastLogIndex() > lastIndex)) {
        hit(CoveragePoint.VOTE_GRANTED_LONGER_LOG);
      }
    } else if (rv.term() < currentTerm) {
      hit(CoveragePoint.VOTE_REFUSED_STALE_TERM);
    } else if (votedFor != NONE && votedFor != from) {
      hit(CoveragePoint.VOTE_REFUSED_ALREADY_VOTED);
    } else {
      hit(CoveragePoint.VOTE_REFUSED_NOT_UP_TO_DATE);
    }
  }

  private boolean candidateLogUpToDate(RequestVote rv) {
    long myLastTerm = termAt(lastIndex);
    return rv.lastLogTerm() > myLastTerm || (rv.lastLogTerm() == myLastTerm && rv.lastLogIndex() >= lastIndex);
  }

  private void onRequestVoteReply(int from, RequestVoteReply r, RaftOutput out) {
    if (r.preVote()) {
      onPreVoteReply(from, r, out);
      return;
    }
    if (r.term() > currentTerm) {
      if (role == Role.LEADER) {
        hit(CoveragePoint.LEADER_STEPPED_DOWN_ON_REPLY);
      }
      adoptHigherTerm(r.term(), out);
      syncIfNeeded(out);
      return;
    }
    if (!r.granted()) {
      hit(CoveragePoint.VOTE_REPLY_REFUSED);
      return;
    }
    if (role != Role.CANDIDATE) {
      hit(CoveragePoint.VOTE_REPLY_LATE);
      return;
    }
    if (r.term() < currentTerm) {
      hit(CoveragePoint.VOTE_REPLY_STALE);
      if (!bugAcceptStaleVote) {
        return; // a vote for an earlier election of ours
      }
    }
    boolean duplicate = voters[from];
    if (duplicate) {
      hit(CoveragePoint.VOTE_REPLY_DUPLICATE);
    }
    if (bugCountVotes) {
      voters[from] = true;
      votesCounted++;
    } else if (!voters[from]) {
      voters[from] = true;
      votesCounted++;
    }
    if (electionWon()) {
      if (duplicate && bugCountVotes) {
        hit(CoveragePoint.ELECTION_WON_BY_DUPLICATE_VOTE);
      }
      becomeLeader(out);
    }
  }

  private void startPreVote(RaftOutput out) {
    role = Role.FOLLOWER; // a candidate whose election timed out asks again before bumping its term once more
    preCandidate = true;
    hit(CoveragePoint.PREVOTE_STARTED);
    leaderHint = NONE;
    clearCandidateState();
    voters[id] = true;
    votesCounted = 1;
    out.resetElectionTimer();
    if (electionWon()) {
      startElection(out, false);
      return;
    }
    RequestVote rv = new RequestVote(currentTerm + 1, id, lastIndex, termAt(lastIndex), true);
    long to = simple ? allServers : conf.voters() | conf.oldVoters();
    for (int p = 0; p < n; p++) {
      if (p != id && (to >>> p & 1) != 0) {
        send(p, rv, out);
      }
    }
  }

  private void onPreVoteReply(int from, RequestVoteReply r, RaftOutput out) {
    if (!r.granted()) {
      if (r.term() > currentTerm) {
        adoptHigherTerm(r.term(), out); // someone is ahead: no point asking for currentTerm + 1
        syncIfNeeded(out);
      }
      return;
    }
    if (!preCandidate || role != Role.FOLLOWER || r.term() != currentTerm + 1 || voters[from]) {
      return; // an answer to an earlier pre-vote, or counted already
    }
    voters[from] = true;
    votesCounted++;
    if (electionWon()) {
      hit(CoveragePoint.PREVOTE_WON);
      startElection(out, false);
    }
  }

  private void becomeLeader(RaftOutput out) {
    hit(CoveragePoint.ELECTION_WON);
    role = Role.LEADER;
    leaderHint = id;
    clearCandidateState();
    // nextIndex is set before the no-op so that the first AppendEntries already carries it.
    Arrays.fill(nextIndex, lastIndex + 1);
    Arrays.fill(matchIndex, 0);
    if (reads != null) {
      reads.becameLeader(readMode == ReadMode.LEASE || checkQuorum ? out.localTimeMicros() : 0);
    }
    if (cfg.noOpOnElection()) {
      hit(CoveragePoint.LEADER_NOOP_APPENDED);
      appendEntry(Entry.noOp(currentTerm), out);
      syncIfNeeded(out);
    }
    noteLeaderOwnProgress();
    broadcastAppend(out);
    out.resetHeartbeatTimer();
    advanceCommit(out);
  }

  /** Any message with a higher term: adopt it, forget the vote, become follower (not synced yet). */
  private void adoptHigherTerm(long term, RaftOutput out) {
    boolean wasLeader = role == Role.LEADER;
    currentTerm = term;
    votedFor = NONE;
    persistTermVote(out);
    becomeFollower(NONE);
    if (wasLeader) {
      out.resetElectionTimer(); // a leader ignored its election timeouts, so none is armed
    }
  }

  private void becomeFollower(int leader) {
    role = Role.FOLLOWER;
    preCandidate = false;
    leaderHint = leader;
    clearLeaderState();
    clearCandidateState();
  }

  // ---------------------------------------------------------------------------------------------------
  // Replication, follower side

  private void onAppendEntries(int from, AppendEntries ae, RaftOutput out) {
    if (ae.term() > currentTerm) {
      hit(CoveragePoint.TERM_ADOPTED_FROM_APPEND);
      if (role == Role.LEADER) {
        hit(CoveragePoint.LEADER_STEPPED_DOWN_ON_REQUEST);
      }
      adoptHigherTerm(ae.term(), out);
    }
    // The planted bug drops this term check: a request from an older term's leader is handled as a current one.
    if (ae.term() < currentTerm && !bugAcceptStaleAppend) {
      hit(CoveragePoint.APPEND_REJECTED_STALE_TERM);
      syncIfNeeded(out);
      send(from, AppendEntriesReply.reject(currentTerm, id, 0, 0), out);
      return;
    }
    if (role == Role.LEADER) {
      if (!anyBug) {
        throw new IllegalStateException("node " + id + " leads term " + currentTerm
            + " but received AppendEntries of term " + ae.term() + " from node " + from);
      }
      return; // election safety is already broken by a planted bug; let the checkers report it
    }
    if (role == Role.CANDIDATE || preCandidate) {
      hit(CoveragePoint.CANDIDATE_STEPPED_DOWN);
      becomeFollower(from);
    } else {
      leaderHint = from;
    }
    heardLeader = true;
    out.resetElectionTimer();

    int prev = ae.prevLogIndex();
    Entry[] entries = ae.entries();
    if (prev < snapIndex) {
      // The snapshot holds prev: entries up to the base are committed here, so they are the leader's too (Leader
      // Completeness). Look only at what the request carries beyond the base.
      int covered = snapIndex - prev;
      if (covered >= entries.length) {
        syncIfNeeded(out);
        send(from, AppendEntriesReply.ok(currentTerm, id, Math.max(snapIndex, prev + entries.length)), out);
        return;
      }
      if (entries[covered - 1].term() != snapTerm() && !anyBug) {
        throw new IllegalStateException("node " + id + "'s snapshot ends at " + snapIndex + "/" + snapTerm()
            + " but " + ae.summary() + " from node " + from + " has term " + entries[covered - 1].term() + " there");
      }
      entries = Arrays.copyOfRange(entries, covered, entries.length);
      prev = snapIndex;
    }
    if (prev > lastIndex) {
      hit(CoveragePoint.APPEND_REJECTED_MISSING_PREV);
      syncIfNeeded(out);
      send(from, AppendEntriesReply.reject(currentTerm, id, lastIndex + 1, 0, ae.readRound()), out);
      return;
    }
    long myPrevTerm = termAt(prev);
    long leaderPrevTerm = prev == ae.prevLogIndex() ? ae.prevLogTerm() : snapTerm();
    if (myPrevTerm != leaderPrevTerm) {
      hit(CoveragePoint.APPEND_REJECTED_TERM_MISMATCH);
      syncIfNeeded(out);
      send(from, AppendEntriesReply.reject(currentTerm, id, firstIndexOfTerm(myPrevTerm, prev), myPrevTerm,
          ae.readRound()), out);
      return;
    }

    if (entries.length == 0) {
      hit(CoveragePoint.APPEND_HEARTBEAT);
    }
    if (bugTruncateOnStaleAppend) {
      if (lastIndex > prev) {
        hit(CoveragePoint.APPEND_STALE_TRUNCATED);
        truncateFrom(prev + 1, out);
      }
      for (Entry e : entries) {
        appendEntry(e, out);
      }
    } else {
      int k = 0;
      while (k < entries.length && prev + 1 + k <= lastIndex && termAt(prev + 1 + k) == entries[k].term()) {
        k++; // already present: a stale or reordered request must not truncate it
      }
      if (k > 0) {
        hit(CoveragePoint.APPEND_ALREADY_PRESENT);
      }
      if (k < entries.length) {
        hit(CoveragePoint.APPEND_ENTRIES);
        int firstNew = prev + 1 + k;
        if (firstNew <= lastIndex) {
          hit(CoveragePoint.APPEND_CONFLICT_TRUNCATED);
          if ((firstNew <= commitIndex || firstNew <= snapIndex) && !anyBug) {
            throw new IllegalStateException("node " + id + " would truncate committed entry " + firstNew
                + " (commitIndex " + commitIndex + ") on " + ae.summary() + " from node " + from);
          }
          truncateFrom(firstNew, out);
        }
        for (; k < entries.length; k++) {
          appendEntry(entries[k], out);
        }
      }
    }

    int lastNew = prev + entries.length; // (prev, entries) as trimmed to the snapshot: the same last new index
    // The planted bug takes the leader's word for it, as the reference's bug catalogue describes: unbounded by
    // the entries this request vouched for (or even by the log's end).
    int commitTarget = bugCommitBeyondMatch
        ? ae.leaderCommit()
        : Math.min(ae.leaderCommit(), lastNew);
    if (commitTarget > commitIndex) {
      hit(CoveragePoint.FOLLOWER_COMMIT_ADVANCED);
      if (commitTarget < ae.leaderCommit() && commitIndex < lastNew) {
        hit(CoveragePoint.FOLLOWER_COMMIT_CAPPED);
      }
      commitIndex = commitTarget;
    }

    AppendEntriesReply reply = AppendEntriesReply.ok(currentTerm, id, lastNew, ae.readRound());
    if (bugAckBeforePersist && !unsyncedTermVote) {
      out.send(from, reply); // planted bug: acknowledges log writes that are not durable yet
    } else {
      syncIfNeeded(out);
      send(from, reply, out);
    }
    applyCommitted(out);
  }

  // ---------------------------------------------------------------------------------------------------
  // InstallSnapshot (Figure 13), follower side

  private void onInstallSnapshot(int from, InstallSnapshot is, RaftOutput out) {
    if (is.term() > currentTerm) {
      adoptHigherTerm(is.term(), out);
    }
    if (is.term() < currentTerm) {
      hit(CoveragePoint.SNAPSHOT_INSTALL_STALE_TERM);
      syncIfNeeded(out);
      send(from, new InstallSnapshotReply(currentTerm, id, 0), out);
      return;
    }
    if (role == Role.LEADER) {
      if (!anyBug) {
        throw new IllegalStateException("node " + id + " leads term " + currentTerm
            + " but received InstallSnapshot of the same term from node " + from);
      }
      return;
    }
    if (role == Role.CANDIDATE) {
      becomeFollower(from);
    } else {
      leaderHint = from;
    }
    out.resetElectionTimer();

    Snapshot s = is.snapshot();
    int idx = s.index();
    // Everything the snapshot holds is committed here already (a duplicate, a reordered old request, or a follower
    // that caught up meanwhile): installing it would move the state machine backwards.
    if (idx > commitIndex || bugInstallRollsBack) {
      boolean holdsLast = idx > snapIndex && idx <= lastIndex && termAt(idx) == s.term();
      // Safe order: the snapshot record first, then the truncation it implies, all synced before the reply.
      out.persistSnapshot(s);
      unsynced = true;
      if (holdsLast && !bugDiscardSuffixOnInstall) {
        hit(CoveragePoint.SNAPSHOT_INSTALLED_KEEPING_SUFFIX);
        rebase(s, true); // Figure 13 step 6: keep the entries after the snapshot's last one
      } else {
        hit(CoveragePoint.SNAPSHOT_INSTALLED_DISCARDING_LOG);
        if (idx < lastIndex) {
          out.persistTruncate(idx + 1);
        }
        rebase(s, false); // step 7: discard the whole log
      }
      if (idx < changedFrom) {
        changedFrom = idx + 1;
      }
      if (idx > commitIndex) {
        commitIndex = idx;
      }
      lastApplied = idx;
      recomputeConf(); // the snapshot's configuration, unless the kept suffix holds a later one
      out.restoreSnapshot(s);
    } else {
      hit(CoveragePoint.SNAPSHOT_INSTALL_ALREADY_COMMITTED);
    }
    syncIfNeeded(out);
    send(from, new InstallSnapshotReply(currentTerm, id, idx), out);
  }

  // ---------------------------------------------------------------------------------------------------
  // Replication, leader side

  private void onInstallSnapshotReply(int from, InstallSnapshotReply r, RaftOutput out) {
    if (r.term() > currentTerm) {
      adoptHigherTerm(r.term(), out);
      syncIfNeeded(out);
      return;
    }
    if (role != Role.LEADER || r.term() < currentTerm || r.matchIndex() == 0) {
      return;
    }
    int match = Math.min(r.matchIndex(), lastIndex);
    boolean advanced = match > matchIndex[from];
    if (advanced) {
      matchIndex[from] = match;
    }
    if (matchIndex[from] + 1 > nextIndex[from]) {
      nextIndex[from] = matchIndex[from] + 1;
    }
    if (advanced) {
      advanceCommit(out);
      if (role == Role.LEADER && nextIndex[from] <= lastIndex) {
        sendAppend(from, out);
      }
    }
  }

  private void onAppendEntriesReply(int from, AppendEntriesReply r, RaftOutput out) {
    if (r.term() > currentTerm) {
      if (role == Role.LEADER) {
        hit(CoveragePoint.LEADER_STEPPED_DOWN_ON_REPLY);
      }
      adoptHigherTerm(r.term(), out);
      syncIfNeeded(out);
      return;
    }
    if (role != Role.LEADER || r.term() < currentTerm) {
      return;
    }
    if (reads != null) {
      reads.onReply(from, r.readRound(), checkQuorum || readMode == ReadMode.LEASE ? out.localTimeMicros() : 0);
    }
    if (r.success()) {
      // min(): only a second leader of the same term (possible with planted bugs) could claim more.
      int match = Math.min(r.matchIndex(), lastIndex);
      boolean advanced = match > matchIndex[from];
      if (advanced) {
        matchIndex[from] = match; // monotone: a reordered old success never lowers it
      } else if (bugMatchFromStaleReply) {
        matchIndex[from] = match; // planted bug: a reordered old success lowers it
      }
      if (matchIndex[from] + 1 > nextIndex[from]) {
        nextIndex[from] = matchIndex[from] + 1;
      }
      if (!advanced) {
        hit(CoveragePoint.LEADER_REPLY_NOTHING_NEW);
      }
      if (advanced) {
        // Every other change to matchIndex or to the leader's log is followed by advanceCommit, so a reply that
        // moves nothing (a heartbeat's, most of them) cannot commit anything new.
        advanceCommit(out);
        if (role != Role.LEADER) {
          return; // removed from the configuration, and C_new has just committed: stepped down
        }
        if (from == transferTarget && !transferSent && matchIndex[from] == lastIndex) {
          sendTimeoutNow(out);
        }
      }
      if (advanced && nextIndex[from] <= lastIndex) {
        hit(CoveragePoint.LEADER_STREAMS_TO_LAGGER);
        sendAppend(from, out); // keep a lagging follower streaming instead of waiting for a heartbeat
      }
      return;
    }
    // A rejection without a hint (conflictIndex 0) refused a request of one of our earlier terms: it
    // says nothing about the log, so probe again from just past what the follower is known to hold.
    // Any nextIndex in (matchIndex, lastIndex+1] is safe; followers must cope with re-probes (this is
    // the path on which a follower's min(leaderCommit, index of last new entry) rule matters).
    int retryAt;
    if (r.conflictTerm() == 0) {
      retryAt = r.conflictIndex();
    } else {
      int lastOfTerm = lastIndexOfTerm(r.conflictTerm());
      retryAt = lastOfTerm > 0 ? lastOfTerm + 1 : r.conflictIndex();
    }
    CoveragePoint how = r.conflictTerm() == 0 ? CoveragePoint.LEADER_REPROBE_NO_HINT
        : retryAt == r.conflictIndex() ? CoveragePoint.LEADER_BACKTRACK_BY_INDEX : CoveragePoint.LEADER_BACKTRACK_BY_TERM;
    retryAt = Math.max(retryAt, matchIndex[from] + 1);
    // Only move backwards: a hint that would raise nextIndex comes from a stale, reordered reply.
    if (retryAt < nextIndex[from]) {
      hit(how);
      nextIndex[from] = retryAt;
      sendAppend(from, out);
    } else {
      hit(CoveragePoint.LEADER_STALE_REJECT_IGNORED);
    }
  }

  private void broadcastAppend(RaftOutput out) {
    // Peers equally far behind get the very same (immutable) request: one batch copy and one fingerprint.
    RaftMessage[] built = broadcastScratch;
    long to = simple ? allServers : conf.members();
    for (int p = 0; p < n; p++) {
      if (p != id && (to >>> p & 1) != 0) {
        RaftMessage ae = null;
        for (int q = 0; q < p && ae == null; q++) {
          if (built[q] != null && nextIndex[q] == nextIndex[p]) {
            ae = built[q];
          }
        }
        if (ae == null) {
          ae = appendFor(nextIndex[p]);
        }
        built[p] = ae;
        send(p, ae, out);
      }
    }
    Arrays.fill(built, null);
  }

  private void sendAppend(int peer, RaftOutput out) {
    send(peer, appendFor(nextIndex[peer]), out);
  }

  /** AppendEntries from {@code next}, or InstallSnapshot when the entries before it are compacted away. */
  private RaftMessage appendFor(int next) {
    if (next <= snapIndex) {
      if (!bugProbeAtSnapshotBase) {
        hit(CoveragePoint.SNAPSHOT_SENT);
        return new InstallSnapshot(currentTerm, id, snapshot);
      }
      next = snapIndex + 1; // planted bug: probe at the base, which a follower behind it can never match
    }
    int prev = next - 1;
    int count = Math.min(cfg.maxEntriesPerAppend(), lastIndex - prev);
    if (count < lastIndex - prev) {
      hit(CoveragePoint.LEADER_BATCH_CAPPED);
    }
    int from = next - snapIndex;
    Entry[] batch = count <= 0 ? AppendEntries.NO_ENTRIES : Arrays.copyOfRange(log, from, from + count);
    return new AppendEntries(currentTerm, id, prev, termAt(prev), batch, commitIndex,
        readMode == ReadMode.LOG ? 0 : reads.round);
  }

  private void noteLeaderOwnProgress() {
    matchIndex[id] = lastIndex;
    nextIndex[id] = lastIndex + 1;
  }

  /**
   * Figure 8 rule: commit N if a majority has matchIndex >= N and log[N].term == currentTerm. The
   * largest N with a majority is the quorum-th largest matchIndex; terms never decrease along the log,
   * so if that N is from an older term, so is every smaller candidate.
   */
  private void advanceCommit(RaftOutput out) {
    if (role != Role.LEADER) {
      return;
    }
    if (!simple) {
      int candidate = Math.min(quorumMatch(), lastIndex);
      if (candidate > commitIndex && coverage != null) {
        coverCommit(candidate);
      }
      if (candidate > commitIndex && (bugFigure8Commit || termAt(candidate) == currentTerm)) {
        commitIndex = candidate;
        applyCommitted(out);
      }
      configDuties(out);
      return;
    }
    // The quorum-th highest matchIndex exceeds commitIndex exactly when a quorum of them do: count first, and sort
    // only when something can commit (most acknowledgements commit nothing new).
    if (lastIndex <= commitIndex) {
      return;
    }
    int above = 0;
    for (int i = 0; i < n; i++) {
      if (matchIndex[i] > commitIndex) {
        above++;
      }
    }
    if (above < quorum) {
      return;
    }
    System.arraycopy(matchIndex, 0, scratch, 0, n);
    for (int i = 1; i < n; i++) { // insertion sort: n is a handful
      int v = scratch[i];
      int j = i - 1;
      while (j >= 0 && scratch[j] > v) {
        scratch[j + 1] = scratch[j];
        j--;
      }
      scratch[j + 1] = v;
    }
    int candidate = Math.min(scratch[n - quorum], lastIndex);
    // (commitIndex >= snapIndex, so termAt is asked only about entries the log still holds.)
    if (candidate > commitIndex && coverage != null) {
      coverCommit(candidate);
    }
    if (candidate > commitIndex && (bugFigure8Commit || termAt(candidate) == currentTerm)) {
      commitIndex = candidate;
      applyCommitted(out);
    }
  }

  /**
   * The highest index that a majority of every voter set in effect holds (both halves while joint); the leader counts
   * only if it is a voter (joint consensus: a leader outside C_new manages the cluster without counting itself).
   */
  private int quorumMatch() {
    Membership c = conf;
    if (bugRemovedLeaderServes && !c.isVoter(id)) {
      // planted bug: the removed leader still counts itself toward commitment
      c = new Membership(c.voters() | 1L << id, c.learners() & ~(1L << id), c.oldVoters());
    }
    long members = c.voters() | c.oldVoters();
    int best = 0;
    for (long l = members; l != 0; l &= l - 1) {
      int v = matchIndex[Long.numberOfTrailingZeros(l)];
      if (v <= best) {
        continue;
      }
      long holders = 0;
      for (long k = members; k != 0; k &= k - 1) {
        int q = Long.numberOfTrailingZeros(k);
        if (matchIndex[q] >= v) {
          holders |= 1L << q;
        }
      }
      if (c.isQuorum(holders)) {
        best = v;
      }
    }
    return best;
  }

  private void coverCommit(int candidate) {
    if (termAt(candidate) != currentTerm) {
      hit(bugFigure8Commit ? CoveragePoint.LEADER_COMMIT_OLD_TERM_DIRECTLY : CoveragePoint.LEADER_COMMIT_HELD_BACK);
      return;
    }
    hit(CoveragePoint.LEADER_COMMIT_ADVANCED);
    if (termAt(commitIndex + 1) < currentTerm) {
      hit(CoveragePoint.LEADER_COMMIT_EARLIER_TERM);
    }
  }

  private void applyCommitted(RaftOutput out) {
    // Only planted bugs can leave commitIndex beyond the log; never apply what is not there.
    int upTo = Math.min(commitIndex, lastIndex);
    if (lastApplied < upTo) {
      hit(CoveragePoint.APPLIED);
    }
    while (lastApplied < upTo) {
      lastApplied++;
      Entry e = log[lastApplied - snapIndex];
      if (bugConfigOnCommit && e.isConfig()) {
        setConf(e.config(), lastApplied); // planted bug: the configuration takes effect only now
      }
      out.apply(lastApplied, e);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Membership changes (dissertation chapter 4, paper section 6) and leadership transfer (dissertation §3.10)

  /** AddLearner: {@code server}, not a member, joins as a learner. False when refused (see {@link #canChange}). */
  public boolean addLearner(int server, RaftOutput out) {
    checkServer(server, "server");
    return change(out, conf.isMember(server) ? null
        : new Membership(conf.voters(), conf.learners() | 1L << server, 0), server, false);
  }

  /**
   * AddVoter: {@code server} becomes a voter; one that has not caught up (see {@link #caughtUp}) joins as a learner
   * first and is promoted by the leader once it has.
   */
  public boolean addVoter(int server, RaftOutput out) {
    checkServer(server, "server");
    if (conf.isVoter(server)) {
      return false;
    }
    return promoteOrStage(server, out);
  }

  /** Promote: learner {@code server} becomes a voter, at once if caught up, else once it has. */
  public boolean promote(int server, RaftOutput out) {
    checkServer(server, "server");
    if ((conf.learners() >>> server & 1) == 0) {
      return false;
    }
    return promoteOrStage(server, out);
  }

  /** Remove: voter or learner {@code server} leaves (the last voter cannot). */
  public boolean remove(int server, RaftOutput out) {
    checkServer(server, "server");
    long bit = 1L << server;
    if (!conf.isMember(server) || (conf.voters() & ~bit) == 0) {
      return false;
    }
    return change(out, new Membership(conf.voters() & ~bit, conf.learners() & ~bit, 0), server, false);
  }

  /** Replace the voters with {@code newVoters} by joint consensus: C_old,new now, C_new once it commits. */
  public boolean replaceVoters(long newVoters, RaftOutput out) {
    if (newVoters == 0 || (newVoters & ~allServers) != 0) {
      throw new IllegalArgumentException("voters " + Long.toBinaryString(newVoters) + " outside the " + n
          + " servers");
    }
    return change(out, newVoters == conf.voters() ? null
        : new Membership(newVoters, conf.learners() & ~newVoters, conf.voters()), -1, false);
  }

  private boolean promoteOrStage(int server, RaftOutput out) {
    long bit = 1L << server;
    if (!canChange()) {
      return change(out, null, server, false); // (refused; counts the reason)
    }
    if (caughtUp(server) || bugPromoteEarly) {
      return change(out, new Membership(conf.voters() | bit, conf.learners() & ~bit, 0), server, true);
    }
    pendingPromote |= bit;
    if ((conf.learners() & bit) != 0) {
      return true; // a learner already: promoted once caught up
    }
    hit(CoveragePoint.LEARNER_STAGED);
    return change(out, new Membership(conf.voters(), conf.learners() | bit, 0), server, false);
  }

  /** Whether a membership change proposed now would be accepted (leader, nothing in flight, own-term commit). */
  public boolean canChangeMembership() {
    return canChange();
  }

  /**
   * Value-based hash of the membership and transfer state (configuration, its index, staged promotions, transfer,
   * lease revocation, and the leader-heard flag the §4.2.3 vote guard reads); 0 for a node that never saw any, so
   * that a model checker can add it to fingerprints that predate membership.
   */
  public long membershipFingerprint() {
    if (!membershipTouched()) {
      return 0;
    }
    long h = Hashing.combine(conf.digest(), confIndex);
    h = Hashing.combine(h, logConfIndex);
    h = Hashing.combine(h, pendingPromote);
    h = Hashing.combine(h, transferTarget);
    h = Hashing.combine(h, transferTicks);
    h = Hashing.combine(h, transferSent);
    h = Hashing.combine(h, leaseRevoked);
    if (membershipGuard || !plain) {
      h = Hashing.combine(h, heardLeader);
    }
    return h == 0 ? 1 : h;
  }

  /** The part of {@link #membershipFingerprint()} that names no node: transfer clock and flags, the guard's flag. */
  public long membershipFingerprintWithoutIds() {
    long h = Hashing.combine(transferTicks, transferSent);
    h = Hashing.combine(h, leaseRevoked);
    if (membershipGuard || !plain) {
      h = Hashing.combine(h, heardLeader);
    }
    return h;
  }

  /** The last configuration entry in the log (0: none above the base); {@link #membershipIndex()} but for bugs. */
  public int lastConfigIndex() {
    return logConfIndex;
  }

  /**
   * Whether this leader may propose a configuration change now: no transfer under way, not joint, the last
   * configuration entry committed (one change at a time), and an entry of its own term committed (the 2015 fix:
   * otherwise a change from an earlier term, still uncommitted in other logs, may conflict with this one).
   */
  private boolean canChange() {
    return role == Role.LEADER && transferTarget == NONE && !conf.isJoint() && logConfIndex <= commitIndex
        && (bugChangeBeforeCommit || termAt(commitIndex) == currentTerm);
  }

  /** Proposes {@code next} (null: nothing to change) if {@link #canChange}; {@code promoting} a learner. */
  private boolean change(RaftOutput out, Membership next, int server, boolean promoting) {
    begin(out);
    try {
      boolean ok = false;
      if (role != Role.LEADER) {
        // not the leader: refused
      } else if (!canChange()) {
        hit(logConfIndex > commitIndex || conf.isJoint() ? CoveragePoint.CONFIG_REFUSED_IN_FLIGHT
            : transferTarget != NONE ? CoveragePoint.PROPOSE_REFUSED_DURING_TRANSFER
            : CoveragePoint.CONFIG_REFUSED_BEFORE_TERM_COMMIT);
      } else if (next != null) {
        proposeConfig(next, out);
        if (promoting) {
          hit(CoveragePoint.LEARNER_PROMOTED);
          pendingPromote &= ~(1L << server);
          if (bugPromoteEarly && role == Role.LEADER && matchIndex[server] < lastIndex) {
            matchIndex[server] = lastIndex; // planted bug: counted as holding the whole log at once
            advanceCommit(out);
          }
        }
        ok = true;
      }
      checkSyncedAtEnd();
      return ok;
    } finally {
      busy = false;
    }
  }

  /** Appends configuration {@code next} (in effect at once), syncs, replicates, and commits what it can. */
  private void proposeConfig(Membership next, RaftOutput out) {
    hit(next.isJoint() ? CoveragePoint.CONFIG_JOINT_ENTERED
        : conf.isJoint() ? CoveragePoint.CONFIG_JOINT_LEFT : CoveragePoint.CONFIG_PROPOSED);
    appendEntry(Entry.config(currentTerm, next), out);
    syncIfNeeded(out);
    noteLeaderOwnProgress();
    broadcastAppend(out);
    advanceCommit(out);
  }

  /**
   * The leader's own steps after commitment moved: leave joint consensus once C_old,new commits, step down once a
   * configuration without it commits, and promote a staged learner that has caught up.
   */
  private void configDuties(RaftOutput out) {
    if (role != Role.LEADER) {
      return;
    }
    if (conf.isJoint()) {
      // (planted bug leave-joint-early: C_new follows C_old,new at once, committed or not)
      // C_new is not yet in the log when the latest configuration entry is C_old,new itself, or lies inside the
      // snapshot (logConfIndex 0): a leader whose joint entry was compacted must still leave (etcd #12136's class).
      if (logConfIndex <= confIndex && (confIndex <= commitIndex || bugLeaveJointEarly)) {
        proposeConfig(new Membership(conf.voters(), conf.learners(), 0), out);
      }
      return;
    }
    if (logConfIndex > commitIndex) {
      return; // a change in flight
    }
    if (!conf.isVoter(id) && !bugRemovedLeaderServes) {
      hit(CoveragePoint.LEADER_STEPPED_DOWN_REMOVED);
      becomeFollower(NONE);
      out.resetElectionTimer();
      return;
    }
    if (pendingPromote != 0 && transferTarget == NONE && termAt(commitIndex) == currentTerm) {
      pendingPromote &= conf.learners();
      for (long l = pendingPromote; l != 0; l &= l - 1) {
        int p = Long.numberOfTrailingZeros(l);
        if (caughtUp(p)) {
          hit(CoveragePoint.LEARNER_PROMOTED);
          pendingPromote &= ~(1L << p);
          proposeConfig(new Membership(conf.voters() | 1L << p, conf.learners() & ~(1L << p), 0), out);
          return;
        }
      }
    }
  }

  /**
   * Whether {@code server} holds the leader's log but for at most one AppendEntries batch (the dissertation's
   * §4.2.1 bounds catch-up by rounds; one batch behind means the next round brings it level).
   */
  private boolean caughtUp(int server) {
    return matchIndex[server] + cfg.maxEntriesPerAppend() >= lastIndex;
  }

  /**
   * Leadership transfer to voter {@code target}: no new commands meanwhile; TimeoutNow once the target holds the
   * whole log; abandoned after about an election timeout of heartbeats. False when refused.
   */
  public boolean transferLeadership(int target, RaftOutput out) {
    checkServer(target, "target");
    begin(out);
    try {
      boolean ok = role == Role.LEADER && target != id && conf.isVoter(target) && transferTarget == NONE;
      if (ok) {
        hit(CoveragePoint.TRANSFER_STARTED);
        transferTarget = target;
        transferTicks = TRANSFER_HEARTBEATS;
        if (matchIndex[target] == lastIndex) {
          sendTimeoutNow(out);
        } else {
          sendAppend(target, out);
        }
      }
      checkSyncedAtEnd();
      return ok;
    } finally {
      busy = false;
    }
  }

  /** Heartbeat intervals a transfer may take: the simulator's default election timeout is ten heartbeats or more. */
  private static final int TRANSFER_HEARTBEATS = 10;

  private void sendTimeoutNow(RaftOutput out) {
    hit(CoveragePoint.TRANSFER_TIMEOUT_NOW_SENT);
    transferSent = true;
    leaseRevoked = true;
    syncIfNeeded(out);
    send(transferTarget, new TimeoutNow(currentTerm, id), out);
  }

  private void onTimeoutNow(TimeoutNow t, RaftOutput out) {
    if (t.term() < currentTerm) {
      return; // from an earlier leader: too late
    }
    if (t.term() > currentTerm) {
      adoptHigherTerm(t.term(), out);
    }
    if (role != Role.LEADER && conf.isVoter(id)) {
      hit(CoveragePoint.TRANSFER_ELECTION_STARTED);
      startElection(out, true); // at once and without a pre-vote: the leader asked for it
    }
    syncIfNeeded(out);
  }

  /** Makes {@code c} (held by the entry at {@code at}, or the base's) the configuration in effect. */
  private void setConf(Membership c, int at) {
    conf = c;
    confIndex = at;
    simple = c.voters() == allServers && c.learners() == 0 && c.oldVoters() == 0;
    if (reads != null) {
      reads.conf = simple ? null : c;
    }
  }

  /** The configuration from the log (the last configuration entry; committed ones only under config-on-commit). */
  private void recomputeConf() {
    logConfIndex = scanConfig(lastIndex);
    int at = bugConfigOnCommit ? lastConfigAtOrBelow(Math.min(commitIndex, lastIndex)) : logConfIndex;
    if (at > snapIndex) {
      setConf(log[at - snapIndex].config(), at);
    } else if (snapshot != null && snapshot.config() != null) {
      setConf(snapshot.config(), snapshot.configIndex());
    } else {
      setConf(initialConf, 0);
    }
  }

  /** The last configuration entry at or below {@code index} above the base, or 0 (logConfIndex must be current). */
  private int lastConfigAtOrBelow(int index) {
    if (logConfIndex <= snapIndex) {
      return 0;
    }
    return logConfIndex <= index ? logConfIndex : scanConfig(index);
  }

  /** The same by a scan back from {@code index}: linear, for truncation, install and restart only. */
  private int scanConfig(int index) {
    for (int i = Math.min(index, lastIndex); i > snapIndex; i--) {
      if (log[i - snapIndex].isConfig()) {
        return i;
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------------------------------------------
  // Log storage and persistence

  private void appendEntry(Entry e, RaftOutput out) {
    if (e.term() < termAt(lastIndex)) {
      throw new IllegalStateException("node " + id + " would append an entry of term " + e.term()
          + " after one of term " + termAt(lastIndex) + " at index " + lastIndex);
    }
    int idx = lastIndex + 1;
    int slot = idx - snapIndex;
    if (slot == log.length) {
      int capacity = log.length * 2;
      log = Arrays.copyOf(log, capacity);
      prefixDigest = Arrays.copyOf(prefixDigest, capacity);
    }
    log[slot] = e;
    prefixDigest[slot] = Hashing.combine(prefixDigest[slot - 1], e.digest());
    lastIndex = idx;
    if (idx < changedFrom) {
      changedFrom = idx;
    }
    if (e.isConfig()) {
      logConfIndex = idx;
      if (!bugConfigOnCommit) {
        setConf(e.config(), idx); // in effect from now on, committed or not
      }
    }
    out.persistAppend(idx, e);
    unsynced = true;
  }

  private void truncateFrom(int from, RaftOutput out) {
    if (from <= snapIndex) {
      throw new IllegalStateException("node " + id + " would truncate from " + from + ", inside its snapshot (base "
          + snapIndex + ")");
    }
    Arrays.fill(log, from - snapIndex, lastIndex - snapIndex + 1, null);
    lastIndex = from - 1;
    if (logConfIndex >= from) {
      hit(CoveragePoint.CONFIG_TRUNCATED);
      recomputeConf(); // the previous configuration in the log (or the snapshot's) is back in effect
    }
    out.persistTruncate(from);
    unsynced = true;
  }

  /**
   * Makes {@code s} the snapshot base. With {@code keepSuffix} the entries after it stay (the log must hold the
   * snapshot's last entry); otherwise the log ends at the base. The arrays shrink to the kept entries.
   */
  private void rebase(Snapshot s, boolean keepSuffix) {
    int base = s.index();
    int kept = keepSuffix ? lastIndex - base : 0;
    int capacity = Math.max(INITIAL_CAPACITY, Integer.highestOneBit(kept + 1) * 2);
    Entry[] newLog = new Entry[capacity];
    long[] newDigest = new long[capacity];
    if (kept > 0) {
      System.arraycopy(log, base - snapIndex + 1, newLog, 1, kept);
      System.arraycopy(prefixDigest, base - snapIndex + 1, newDigest, 1, kept);
    }
    newDigest[0] = s.logDigest();
    log = newLog;
    prefixDigest = newDigest;
    snapIndex = base;
    snapshot = s;
    lastIndex = base + kept;
  }

  private void persistTermVote(RaftOutput out) {
    out.persistTermVote(currentTerm, bugForgetVote ? NONE : votedFor);
    unsynced = true;
    unsyncedTermVote = true;
  }

  private void syncIfNeeded(RaftOutput out) {
    if (unsynced) {
      out.sync();
      unsynced = false;
      unsyncedTermVote = false;
    }
  }

  private void send(int to, Message m, RaftOutput out) {
    if (unsynced) {
      throw new IllegalStateException("node " + id + " would send " + m.summary() + " to node " + to
          + " before syncing its writes");
    }
    out.send(to, m);
  }

  private void begin(RaftOutput out) {
    Objects.requireNonNull(out, "out");
    if (busy) {
      throw new IllegalStateException("node " + id + " re-entered from an output callback");
    }
    busy = true;
    // Writes left unsynced by an earlier input (only under ACK_BEFORE_PERSIST) are the host's
    // background writeback's business now.
    unsynced = false;
    unsyncedTermVote = false;
  }

  private void checkSyncedAtEnd() {
    if (unsyncedTermVote || (unsynced && !bugAckBeforePersist)) {
      throw new IllegalStateException("node " + id + " finished an input with unsynced writes");
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Searches (terms never decrease along a log)

  /**
   * First index in max(1, snapIndex)..upTo whose term is {@code term}; requires termAt(upTo) == term. Below the
   * snapshot base nothing is known, so a term that reaches into the snapshot is reported from the base.
   */
  private int firstIndexOfTerm(long term, int upTo) {
    int lo = Math.max(1, snapIndex);
    int hi = upTo;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (termAt(mid) < term) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Last index holding an entry of {@code term}, or 0 if the log has none. The base counts (its term is known);
   * a term wholly inside the snapshot is unknown: 0.
   */
  private int lastIndexOfTerm(long term) {
    int lo = snapIndex;
    int hi = lastIndex;
    if (termAt(lo) > term) {
      return 0;
    }
    while (lo < hi) { // largest i with termAt(i) <= term
      int mid = (lo + hi + 1) >>> 1;
      if (termAt(mid) <= term) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo > 0 && termAt(lo) == term ? lo : 0;
  }

  private void hit(CoveragePoint p) {
    int[] c = coverage;
    if (c != null) {
      c[p.ordinal()]++;
    }
  }

  /** Counts this node's {@link CoveragePoint}s into {@code counters} (by ordinal); null stops. Not copied by copy(). */
  @Override
  public void countCoverageInto(int[] counters) {
    if (counters != null && counters.length < CoveragePoint.COUNT) {
      throw new IllegalArgumentException("coverage counters need " + CoveragePoint.COUNT + " slots");
    }
    coverage = counters;
  }

  private void clearLeaderState() {
    Arrays.fill(nextIndex, 0);
    Arrays.fill(matchIndex, 0);
    pendingPromote = 0;
    transferTarget = NONE;
    transferTicks = 0;
    transferSent = false;
    leaseRevoked = false;
    if (reads != null) {
      reads.clear();
    }
  }

  private void clearCandidateState() {
    Arrays.fill(voters, false);
    votesCounted = 0;
  }

  private void checkServer(int node, String what) {
    if (node < 0 || node >= n) {
      throw new IllegalArgumentException(what + " " + node + " is not a server id (0.." + (n - 1) + ")");
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Reads without the log (dissertation §6.4); the KV layer holds the reads themselves

  /**
   * Whether a leader may take its commitIndex as a read index: it has committed an entry of its own term, so its
   * commitIndex covers everything committed before its term (etcd #7331 is serving reads before this holds).
   */
  public boolean readIndexReady() {
    return role == Role.LEADER && (bugReadBeforeTermCommit || termAt(commitIndex) == currentTerm);
  }

  /**
   * Leader only: starts a heartbeat round for a read that arrived just now and returns the round whose
   * acknowledgement by a quorum confirms it ({@link #confirmedReadRound()} at least this).
   */
  public long startReadRound(RaftOutput out) {
    begin(out);
    try {
      if (role != Role.LEADER || readMode == ReadMode.LOG) {
        throw new IllegalStateException("node " + id + " is " + role + " with reads " + readMode
            + ": no read round to start");
      }
      // The planted bug tags the read with the round already under way instead of a fresh one, so replies to
      // heartbeats sent before the read arrived confirm it.
      long r = bugStaleAck ? reads.round : reads.nextRound(readMode == ReadMode.LEASE ? out.localTimeMicros() : 0);
      broadcastAppend(out);
      checkSyncedAtEnd();
      return r;
    } finally {
      busy = false;
    }
  }

  /** Leader: the highest read round a quorum has acknowledged (0 in other roles). */
  public long confirmedReadRound() {
    return role == Role.LEADER && reads != null ? reads.quorumRound() : 0;
  }

  /**
   * Leader with lease reads: whether a quorum acknowledged a round sent less than the lease ago by this node's
   * clock ({@code localNow}), so no other leader can have been elected since.
   */
  public boolean holdsLease(long localNow) {
    if (bugLeaseWithoutCheckQuorum) {
      // planted bug: etcd's lease-based reads, which count on CheckQuorum to depose a leader cut off from the
      // quorum, without CheckQuorum (or a lease that expires)
      return role == Role.LEADER && readMode == ReadMode.LEASE;
    }
    // After TimeoutNow the target may win an election at once, lease or no lease (openraft #1749).
    return role == Role.LEADER && readMode == ReadMode.LEASE && reads.leaseRound > 0
        && localNow - reads.leaseStart < leaseMicros && !leaseRevoked;
  }

  // ---------------------------------------------------------------------------------------------------
  // Read-only view

  public int id() {
    return id;
  }

  public RaftConfig config() {
    return cfg;
  }

  public Role role() {
    return role;
  }

  public long currentTerm() {
    return currentTerm;
  }

  /** The candidate voted for in currentTerm, or -1. */
  public int votedFor() {
    return votedFor;
  }

  /** The leader of currentTerm as far as this node knows (itself when leading), or -1. */
  public int leaderHint() {
    return leaderHint;
  }

  public int lastIndex() {
    return lastIndex;
  }

  /** Term of the entry at index (0 for index 0), for the snapshot base and above. */
  public long termAt(int index) {
    checkIndex(index);
    return index == snapIndex ? snapTerm() : log[index - snapIndex].term();
  }

  /** An entry the log still holds: snapshotIndex() < index <= lastIndex(). */
  public Entry entryAt(int index) {
    if (index <= snapIndex || index > lastIndex) {
      throw new IndexOutOfBoundsException("entry index " + index + " outside " + (snapIndex + 1) + ".." + lastIndex
          + " on node " + id);
    }
    return log[index - snapIndex];
  }

  /** The snapshot base: the last index compacted into the snapshot (0: none). */
  public int snapshotIndex() {
    return snapIndex;
  }

  /** The term of the entry at the snapshot base (0: no snapshot). */
  public long snapshotTerm() {
    return snapTerm();
  }

  /** The current snapshot, or null. */
  public Snapshot snapshot() {
    return snapshot;
  }

  private long snapTerm() {
    return snapshot == null ? 0 : snapshot.term();
  }

  /**
   * Chained digest of entries 1..index (a fixed seed for index 0): two logs agree on their first
   * {@code index} entries exactly when (up to hash collisions) these digests are equal.
   */
  public long prefixDigest(int index) {
    checkIndex(index);
    return prefixDigest[index - snapIndex];
  }

  public int commitIndex() {
    return commitIndex;
  }

  public int lastApplied() {
    return lastApplied;
  }

  /** Leader only. */
  public int nextIndex(int peer) {
    checkLeaderView(peer);
    return nextIndex[peer];
  }

  /** Leader only. */
  public int matchIndex(int peer) {
    checkLeaderView(peer);
    return matchIndex[peer];
  }

  /** The configuration in effect (the last one in the log, committed or not). */
  public Membership membership() {
    return conf;
  }

  /** The index of the entry holding {@link #membership()}; at or below the snapshot base when the snapshot holds it. */
  public int membershipIndex() {
    return confIndex;
  }

  /** Leader: whether a leadership transfer is under way (new commands are refused meanwhile). */
  public boolean transferring() {
    return role == Role.LEADER && transferTarget != NONE;
  }

  /** Leader: the transfer's target, or -1. */
  public int transferTarget() {
    return transferTarget;
  }

  /** Leader: learners staged by AddVoter that it will promote once they catch up (bit set). */
  public long pendingPromotions() {
    return pendingPromote;
  }

  /** Candidate: the number of votes counted so far (distinct voters unless a bug miscounts); else 0. */
  public int votesCounted() {
    return votesCounted;
  }

  /** Candidate: whether {@code voter}'s vote has been counted; false in other roles. */
  public boolean hasVoteFrom(int voter) {
    checkServer(voter, "voter");
    return voters[voter];
  }

  /**
   * The lowest log index rewritten or appended since the last {@link #clearLogChanged()}, or
   * lastIndex+1 if none (a pure truncation also reports lastIndex+1); 1 right after restore.
   */
  public int logChangedFrom() {
    return Math.max(snapIndex + 1, Math.min(changedFrom, lastIndex + 1));
  }

  public void clearLogChanged() {
    changedFrom = NO_CHANGE;
  }

  private void checkIndex(int index) {
    if (index < snapIndex || index > lastIndex) {
      throw new IndexOutOfBoundsException("log index " + index + " outside " + snapIndex + ".." + lastIndex
          + " on node " + id);
    }
  }

  private void checkLeaderView(int peer) {
    checkServer(peer, "peer");
    if (role != Role.LEADER) {
      throw new IllegalStateException("node " + id + " is " + role + ", nextIndex/matchIndex exist on leaders only");
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Copy, fingerprint, comparison

  /** A deep, independent copy (arrays copied; immutable entries shared). */
  public RaftNode copy() {
    int slots = lastIndex - snapIndex + 1;
    RaftNode c = new RaftNode(id, cfg, slots + INITIAL_CAPACITY / 2);
    System.arraycopy(log, 0, c.log, 0, slots);
    System.arraycopy(prefixDigest, 0, c.prefixDigest, 0, slots);
    c.snapIndex = snapIndex;
    c.snapshot = snapshot;
    c.role = role;
    c.currentTerm = currentTerm;
    c.votedFor = votedFor;
    c.leaderHint = leaderHint;
    c.lastIndex = lastIndex;
    c.commitIndex = commitIndex;
    c.lastApplied = lastApplied;
    System.arraycopy(nextIndex, 0, c.nextIndex, 0, n);
    System.arraycopy(matchIndex, 0, c.matchIndex, 0, n);
    System.arraycopy(voters, 0, c.voters, 0, n);
    c.votesCounted = votesCounted;
    c.changedFrom = changedFrom;
    c.heardLeader = heardLeader;
    c.preCandidate = preCandidate;
    if (reads != null) {
      c.reads.copyFrom(reads);
    }
    c.setConf(conf, confIndex);
    c.logConfIndex = logConfIndex;
    c.pendingPromote = pendingPromote;
    c.transferTarget = transferTarget;
    c.transferTicks = transferTicks;
    c.transferSent = transferSent;
    c.leaseRevoked = leaseRevoked;
    return c;
  }

  /**
   * Value-based 64-bit hash of the whole Raft state: id, role, term, vote, leaderHint, log (through its
   * chained prefix digest), commitIndex, lastApplied, leader's nextIndex/matchIndex, candidate's voters
   * and count. O(clusterSize). Excludes the host's logChangedFrom bookkeeping and the configuration.
   */
  public long fingerprint() {
    long h = Hashing.combine(Hashing.SEED, id);
    h = Hashing.combine(h, role.ordinal());
    h = Hashing.combine(h, currentTerm);
    h = Hashing.combine(h, votedFor);
    h = Hashing.combine(h, leaderHint);
    h = Hashing.combine(h, lastIndex);
    h = Hashing.combine(h, prefixDigest[lastIndex - snapIndex]);
    if (snapshot != null) { // (so that fingerprints of runs without snapshots stay what they were)
      h = Hashing.combine(h, snapshot.fingerprint());
    }
    h = Hashing.combine(h, commitIndex);
    h = Hashing.combine(h, lastApplied);
    h = Hashing.combine(h, votesCounted);
    for (int p = 0; p < n; p++) {
      h = Hashing.combine(h, nextIndex[p]);
      h = Hashing.combine(h, matchIndex[p]);
      h = Hashing.combine(h, voters[p]);
    }
    if (!plain) {
      h = Hashing.combine(h, heardLeader);
      h = Hashing.combine(h, preCandidate);
      h = reads.fingerprint(h);
    }
    if (membershipTouched()) { // (so that fingerprints of runs without membership changes stay what they were)
      h = Hashing.combine(h, conf.digest());
      h = Hashing.combine(h, confIndex);
      h = Hashing.combine(h, logConfIndex);
      h = Hashing.combine(h, pendingPromote);
      h = Hashing.combine(h, transferTarget);
      h = Hashing.combine(h, transferTicks);
      h = Hashing.combine(h, transferSent);
      h = Hashing.combine(h, leaseRevoked);
      h = Hashing.combine(h, heardLeader); // the §4.2.3 vote guard reads it even with plain options
    }
    return h;
  }

  /** Whether anything about membership or transfer differs from a node that never saw either. */
  private boolean membershipTouched() {
    return !simple || confIndex != 0 || logConfIndex != 0 || pendingPromote != 0 || transferTarget != NONE
        || transferTicks != 0 || leaseRevoked;
  }

  /** Exact comparison of everything {@link #fingerprint()} covers, plus the configuration. */
  public boolean sameState(RaftNode o) {
    if (o == this) {
      return true;
    }
    if (id != o.id || !cfg.equals(o.cfg) || role != o.role || currentTerm != o.currentTerm
        || votedFor != o.votedFor || leaderHint != o.leaderHint || lastIndex != o.lastIndex
        || commitIndex != o.commitIndex || lastApplied != o.lastApplied || votesCounted != o.votesCounted
        || !Arrays.equals(nextIndex, o.nextIndex) || !Arrays.equals(matchIndex, o.matchIndex)
        || !Arrays.equals(voters, o.voters) || heardLeader != o.heardLeader || preCandidate != o.preCandidate
        || (reads != null && !reads.sameAs(o.reads)) || snapIndex != o.snapIndex
        || !java.util.Objects.equals(snapshot, o.snapshot) || !conf.equals(o.conf) || confIndex != o.confIndex
        || logConfIndex != o.logConfIndex || pendingPromote != o.pendingPromote || transferTarget != o.transferTarget
        || transferTicks != o.transferTicks || transferSent != o.transferSent || leaseRevoked != o.leaseRevoked) {
      return false;
    }
    return Arrays.equals(log, 1, lastIndex - snapIndex + 1, o.log, 1, lastIndex - snapIndex + 1);
  }

  @Override
  public String toString() {
    return "n" + (id + 1) + "[" + role + " t" + currentTerm + " vote=" + votedFor + " last=" + lastIndex + "/"
        + termAt(lastIndex) + (snapIndex > 0 ? " snap=" + snapIndex : "") + " commit=" + commitIndex + " applied="
        + lastApplied + (simple && confIndex == 0 ? "" : " " + conf.describe() + "@" + confIndex) + "]";
  }
}
