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
 * <p>The node checks its own persistence discipline: every write goes through {@code out.persist*} and
 * is followed by {@code out.sync()} before any send; a send with unsynced writes throws
 * IllegalStateException, except on the path of the planted bug {@link PlantedBug#ACK_BEFORE_PERSIST}.
 *
 * <p>Not thread-safe, not re-entrant: an output callback must not call back into the node.
 */
public final class RaftNode {

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
  private final long electionTimeoutMicros;
  private final long leaseMicros;

  private Role role;
  private long currentTerm;
  private int votedFor;
  private int leaderHint;

  /** log[1..lastIndex]; slots beyond lastIndex are null. */
  private Entry[] log;
  /** prefixDigest[i] = chained digest of log[1..i]; prefixDigest[0] = the empty-log digest. */
  private long[] prefixDigest;
  private int lastIndex;
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

  // Per-input bookkeeping, never carried between inputs in the correct model.
  private boolean unsynced;
  private boolean unsyncedTermVote;
  private boolean busy;
  private final int[] scratch;
  private final AppendEntries[] broadcastScratch;

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
    this.quorum = cfg.quorum();
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
    this.electionTimeoutMicros = o.electionTimeoutMicros();
    // Clock rates differ by at most the drift factor D, so a lease of electionTimeout / D by the leader's clock ends
    // (in real time) before any voter that acknowledged it can have waited out electionTimeout by its own clock.
    this.leaseMicros = o.electionTimeoutMicros() * 1000 / o.clockDriftPermille();
    this.reads = plain ? null : new LeaderReads(id, n, quorum);
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
    this.broadcastScratch = new AppendEntries[n];
  }

  /**
   * A node restarting after a crash with its durable state. Volatile state is reset: follower,
   * commitIndex 0, lastApplied 0, no known leader; {@link #logChangedFrom()} is 1.
   */
  public static RaftNode restore(int id, RaftConfig cfg, long term, int votedFor, List<Entry> durableLog) {
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
    for (Entry e : durableLog) {
      Objects.requireNonNull(e, "null entry in durable log");
      if (e.term() < previousTerm || e.term() > term) {
        throw new IllegalArgumentException("durable log of node " + id + " (term " + term
            + ") has an entry of term " + e.term() + " after term " + previousTerm);
      }
      previousTerm = e.term();
      int idx = ++node.lastIndex;
      node.log[idx] = e;
      node.prefixDigest[idx] = Hashing.combine(node.prefixDigest[idx - 1], e.digest());
    }
    // It may have acknowledged a leader just before it crashed: it waits an election timeout before voting.
    node.heardLeader = node.guardVotes || node.preVote;
    node.changedFrom = 1;
    return node;
  }

  // ---------------------------------------------------------------------------------------------------
  // Inputs

  /** On a fresh start or after {@link #restore}: arms the election timer. */
  public void start(RaftOutput out) {
    begin(out);
    try {
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
      } else {
        onRequestVoteReply(from, (RequestVoteReply) m, out);
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
        if (preVote) {
          startPreVote(out);
        } else {
          startElection(out);
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
          becomeFollower(NONE);
          out.resetElectionTimer();
        } else {
          if (readMode == ReadMode.LEASE) {
            reads.nextRound(out.localTimeMicros()); // every heartbeat renews the lease
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
      if (role == Role.LEADER) {
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

  // ---------------------------------------------------------------------------------------------------
  // Elections

  private void startElection(RaftOutput out) {
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
    if (votesCounted >= quorum) {
      becomeLeader(out);
      return;
    }
    RequestVote rv = new RequestVote(currentTerm, id, lastIndex, termAt(lastIndex));
    for (int p = 0; p < n; p++) {
      if (p != id) {
        send(p, rv, out);
      }
    }
  }

  private void onRequestVote(int from, RequestVote rv, RaftOutput out) {
    if (rv.preVote()) {
      // Nothing changes here, whatever the answer: no term, no vote, no timer.
      boolean yes = rv.term() > currentTerm && !heardLeader && role != Role.LEADER && candidateLogUpToDate(rv);
      send(from, new RequestVoteReply(yes ? rv.term() : currentTerm, id, yes, true), out);
      return;
    }
    if (guardVotes && rv.term() > currentTerm && (heardLeader || role == Role.LEADER)) {
      return; // the leader is alive as far as we know: not even the term is taken (etcd's in-lease rule)
    }
    if (rv.term() > currentTerm) {
      adoptHigherTerm(rv.term(), out);
    }
    boolean grant = rv.term() == currentTerm
        && (votedFor == NONE || votedFor == from)
        && (bugSkipUpToDateCheck || candidateLogUpToDate(rv));
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
      adoptHigherTerm(r.term(), out);
      syncIfNeeded(out);
      return;
    }
    if (role != Role.CANDIDATE || !r.granted()) {
      return;
    }
    if (r.term() < currentTerm && !bugAcceptStaleVote) {
      return; // a vote for an earlier election of ours
    }
    if (bugCountVotes) {
      voters[from] = true;
      votesCounted++;
    } else if (!voters[from]) {
      voters[from] = true;
      votesCounted++;
    }
    if (votesCounted >= quorum) {
      becomeLeader(out);
    }
  }

  private void startPreVote(RaftOutput out) {
    role = Role.FOLLOWER; // a candidate whose election timed out asks again before bumping its term once more
    preCandidate = true;
    leaderHint = NONE;
    clearCandidateState();
    voters[id] = true;
    votesCounted = 1;
    out.resetElectionTimer();
    if (votesCounted >= quorum) {
      startElection(out);
      return;
    }
    RequestVote rv = new RequestVote(currentTerm + 1, id, lastIndex, termAt(lastIndex), true);
    for (int p = 0; p < n; p++) {
      if (p != id) {
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
    if (votesCounted >= quorum) {
      startElection(out);
    }
  }

  private void becomeLeader(RaftOutput out) {
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
      adoptHigherTerm(ae.term(), out);
    }
    // The planted bug only rejects a stale leader's request when it leads itself: a follower takes it.
    if (ae.term() < currentTerm && (!bugAcceptStaleAppend || role == Role.LEADER)) {
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
      becomeFollower(from);
    } else {
      leaderHint = from;
    }
    heardLeader = true;
    out.resetElectionTimer();

    int prev = ae.prevLogIndex();
    if (prev > lastIndex) {
      syncIfNeeded(out);
      send(from, AppendEntriesReply.reject(currentTerm, id, lastIndex + 1, 0, ae.readRound()), out);
      return;
    }
    long myPrevTerm = termAt(prev);
    if (myPrevTerm != ae.prevLogTerm()) {
      syncIfNeeded(out);
      send(from, AppendEntriesReply.reject(currentTerm, id, firstIndexOfTerm(myPrevTerm, prev), myPrevTerm,
          ae.readRound()), out);
      return;
    }

    Entry[] entries = ae.entries();
    if (bugTruncateOnStaleAppend) {
      if (lastIndex > prev) {
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
      if (k < entries.length) {
        int firstNew = prev + 1 + k;
        if (firstNew <= lastIndex) {
          if (firstNew <= commitIndex && !anyBug) {
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

    int lastNew = prev + entries.length;
    // The planted bug takes the leader's word for it, as the reference's bug catalogue describes: unbounded by
    // the entries this request vouched for (or even by the log's end).
    int commitTarget = bugCommitBeyondMatch
        ? ae.leaderCommit()
        : Math.min(ae.leaderCommit(), lastNew);
    if (commitTarget > commitIndex) {
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
  // Replication, leader side

  private void onAppendEntriesReply(int from, AppendEntriesReply r, RaftOutput out) {
    if (r.term() > currentTerm) {
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
      if (advanced) {
        // Every other change to matchIndex or to the leader's log is followed by advanceCommit, so a reply that
        // moves nothing (a heartbeat's, most of them) cannot commit anything new.
        advanceCommit(out);
      }
      if (advanced && nextIndex[from] <= lastIndex) {
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
    retryAt = Math.max(retryAt, matchIndex[from] + 1);
    // Only move backwards: a hint that would raise nextIndex comes from a stale, reordered reply.
    if (retryAt < nextIndex[from]) {
      nextIndex[from] = retryAt;
      sendAppend(from, out);
    }
  }

  private void broadcastAppend(RaftOutput out) {
    // Peers equally far behind get the very same (immutable) request: one batch copy and one fingerprint.
    AppendEntries[] built = broadcastScratch;
    for (int p = 0; p < n; p++) {
      if (p != id) {
        AppendEntries ae = null;
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

  private AppendEntries appendFor(int next) {
    int prev = next - 1;
    int count = Math.min(cfg.maxEntriesPerAppend(), lastIndex - prev);
    Entry[] batch = count <= 0 ? AppendEntries.NO_ENTRIES : Arrays.copyOfRange(log, next, next + count);
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
    if (candidate > commitIndex && (bugFigure8Commit || termAt(candidate) == currentTerm)) {
      commitIndex = candidate;
      applyCommitted(out);
    }
  }

  private void applyCommitted(RaftOutput out) {
    // Only planted bugs can leave commitIndex beyond the log; never apply what is not there.
    int upTo = Math.min(commitIndex, lastIndex);
    while (lastApplied < upTo) {
      lastApplied++;
      out.apply(lastApplied, log[lastApplied]);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Log storage and persistence

  private void appendEntry(Entry e, RaftOutput out) {
    if (e.term() < termAt(lastIndex)) {
      throw new IllegalStateException("node " + id + " would append an entry of term " + e.term()
          + " after one of term " + termAt(lastIndex) + " at index " + lastIndex);
    }
    int idx = lastIndex + 1;
    if (idx == log.length) {
      int capacity = log.length * 2;
      log = Arrays.copyOf(log, capacity);
      prefixDigest = Arrays.copyOf(prefixDigest, capacity);
    }
    log[idx] = e;
    prefixDigest[idx] = Hashing.combine(prefixDigest[idx - 1], e.digest());
    lastIndex = idx;
    if (idx < changedFrom) {
      changedFrom = idx;
    }
    out.persistAppend(idx, e);
    unsynced = true;
  }

  private void truncateFrom(int from, RaftOutput out) {
    Arrays.fill(log, from, lastIndex + 1, null);
    lastIndex = from - 1;
    out.persistTruncate(from);
    unsynced = true;
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

  /** First index in 1..upTo whose term is {@code term}; requires termAt(upTo) == term. */
  private int firstIndexOfTerm(long term, int upTo) {
    int lo = 1;
    int hi = upTo;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (log[mid].term() < term) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Last index holding an entry of {@code term}, or 0 if the log has none. */
  private int lastIndexOfTerm(long term) {
    int lo = 0;
    int hi = lastIndex;
    while (lo < hi) { // largest i with termAt(i) <= term
      int mid = (lo + hi + 1) >>> 1;
      if (log[mid].term() <= term) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo > 0 && log[lo].term() == term ? lo : 0;
  }

  private void clearLeaderState() {
    Arrays.fill(nextIndex, 0);
    Arrays.fill(matchIndex, 0);
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
    return role == Role.LEADER && readMode == ReadMode.LEASE && reads.leaseRound > 0
        && localNow - reads.leaseStart < leaseMicros;
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

  /** Term of the entry at index (0 for index 0). */
  public long termAt(int index) {
    checkIndex(index);
    return index == 0 ? 0 : log[index].term();
  }

  public Entry entryAt(int index) {
    if (index < 1 || index > lastIndex) {
      throw new IndexOutOfBoundsException("entry index " + index + " outside 1.." + lastIndex + " on node " + id);
    }
    return log[index];
  }

  /**
   * Chained digest of entries 1..index (a fixed seed for index 0): two logs agree on their first
   * {@code index} entries exactly when (up to hash collisions) these digests are equal.
   */
  public long prefixDigest(int index) {
    checkIndex(index);
    return prefixDigest[index];
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
    return Math.min(changedFrom, lastIndex + 1);
  }

  public void clearLogChanged() {
    changedFrom = NO_CHANGE;
  }

  private void checkIndex(int index) {
    if (index < 0 || index > lastIndex) {
      throw new IndexOutOfBoundsException("log index " + index + " outside 0.." + lastIndex + " on node " + id);
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
    RaftNode c = new RaftNode(id, cfg, lastIndex + 1 + INITIAL_CAPACITY / 2);
    System.arraycopy(log, 0, c.log, 0, lastIndex + 1);
    System.arraycopy(prefixDigest, 0, c.prefixDigest, 0, lastIndex + 1);
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
    h = Hashing.combine(h, prefixDigest[lastIndex]);
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
    return h;
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
        || (reads != null && !reads.sameAs(o.reads))) {
      return false;
    }
    return Arrays.equals(log, 1, lastIndex + 1, o.log, 1, lastIndex + 1);
  }

  @Override
  public String toString() {
    return "n" + (id + 1) + "[" + role + " t" + currentTerm + " vote=" + votedFor + " last=" + lastIndex + "/"
        + termAt(lastIndex) + " commit=" + commitIndex + " applied=" + lastApplied + "]";
  }
}
