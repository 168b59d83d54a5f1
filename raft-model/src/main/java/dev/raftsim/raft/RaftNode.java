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
  private final boolean anyBug;

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

  /** Host bookkeeping for incremental checkers; not part of the Raft state (not in fingerprint). */
  private int changedFrom;
  /** Built by restore and not started yet: start() reports what the restart recovered. */
  private boolean restored;

  // Per-input bookkeeping, never carried between inputs in the correct model.
  private boolean unsynced;
  private boolean unsyncedTermVote;
  private boolean busy;
  private final int[] scratch;
  private final AppendEntries[] broadcastScratch;
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
    this.quorum = cfg.quorum();
    this.bugFigure8Commit = cfg.has(PlantedBug.FIGURE8_COMMIT);
    this.bugForgetVote = cfg.has(PlantedBug.FORGET_VOTE_ON_RESTART);
    this.bugCountVotes = cfg.has(PlantedBug.COUNT_VOTES_NOT_VOTERS);
    this.bugAcceptStaleVote = cfg.has(PlantedBug.ACCEPT_STALE_VOTE);
    this.bugTruncateOnStaleAppend = cfg.has(PlantedBug.TRUNCATE_ON_STALE_APPEND);
    this.bugSkipUpToDateCheck = cfg.has(PlantedBug.SKIP_UP_TO_DATE_CHECK);
    this.bugCommitBeyondMatch = cfg.has(PlantedBug.COMMIT_BEYOND_MATCH);
    this.bugAckBeforePersist = cfg.has(PlantedBug.ACK_BEFORE_PERSIST);
    this.anyBug = !cfg.bugs().isEmpty();
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
    node.changedFrom = 1;
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
        startElection(out);
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
        broadcastAppend(out);
        out.resetHeartbeatTimer();
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

  // ---------------------------------------------------------------------------------------------------
  // Elections

  private void startElection(RaftOutput out) {
    hit(role == Role.CANDIDATE ? CoveragePoint.ELECTION_RETRIED : CoveragePoint.ELECTION_STARTED);
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
    if (votesCounted >= quorum) {
      if (duplicate && bugCountVotes) {
        hit(CoveragePoint.ELECTION_WON_BY_DUPLICATE_VOTE);
      }
      becomeLeader(out);
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
    if (ae.term() < currentTerm) {
      hit(CoveragePoint.APPEND_REJECTED_STALE_TERM);
      syncIfNeeded(out);
      send(from, AppendEntriesReply.reject(currentTerm, id, 0, 0), out);
      return;
    }
    if (role == Role.LEADER) {
      if (!anyBug) {
        throw new IllegalStateException("node " + id + " leads term " + currentTerm
            + " but received AppendEntries of the same term from node " + from);
      }
      return; // election safety is already broken by a planted bug; let the checkers report it
    }
    if (role == Role.CANDIDATE) {
      hit(CoveragePoint.CANDIDATE_STEPPED_DOWN);
      becomeFollower(from);
    } else {
      leaderHint = from;
    }
    out.resetElectionTimer();

    int prev = ae.prevLogIndex();
    if (prev > lastIndex) {
      hit(CoveragePoint.APPEND_REJECTED_MISSING_PREV);
      syncIfNeeded(out);
      send(from, AppendEntriesReply.reject(currentTerm, id, lastIndex + 1, 0), out);
      return;
    }
    long myPrevTerm = termAt(prev);
    if (myPrevTerm != ae.prevLogTerm()) {
      hit(CoveragePoint.APPEND_REJECTED_TERM_MISMATCH);
      syncIfNeeded(out);
      send(from, AppendEntriesReply.reject(currentTerm, id, firstIndexOfTerm(myPrevTerm, prev), myPrevTerm), out);
      return;
    }

    Entry[] entries = ae.entries();
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
      hit(CoveragePoint.FOLLOWER_COMMIT_ADVANCED);
      if (commitTarget < ae.leaderCommit() && commitIndex < lastNew) {
        hit(CoveragePoint.FOLLOWER_COMMIT_CAPPED);
      }
      commitIndex = commitTarget;
    }

    AppendEntriesReply reply = AppendEntriesReply.ok(currentTerm, id, lastNew);
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
    if (r.success()) {
      // min(): only a second leader of the same term (possible with planted bugs) could claim more.
      int match = Math.min(r.matchIndex(), lastIndex);
      boolean advanced = match > matchIndex[from];
      if (advanced) {
        matchIndex[from] = match; // monotone: a reordered old success never lowers it
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
    if (count < lastIndex - prev) {
      hit(CoveragePoint.LEADER_BATCH_CAPPED);
    }
    Entry[] batch = count <= 0 ? AppendEntries.NO_ENTRIES : Arrays.copyOfRange(log, next, next + count);
    return new AppendEntries(currentTerm, id, prev, termAt(prev), batch, commitIndex);
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
    if (candidate > commitIndex && coverage != null) {
      coverCommit(candidate);
    }
    if (candidate > commitIndex && (bugFigure8Commit || termAt(candidate) == currentTerm)) {
      commitIndex = candidate;
      applyCommitted(out);
    }
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
        || !Arrays.equals(voters, o.voters)) {
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
