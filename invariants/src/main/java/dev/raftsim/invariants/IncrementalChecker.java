package dev.raftsim.invariants;

import static dev.raftsim.invariants.Checkers.APPLIED_COMMITTED;
import static dev.raftsim.invariants.Checkers.COMMITTED_ON_MAJORITY;
import static dev.raftsim.invariants.Checkers.COMMIT_INDEX_BOUNDED;
import static dev.raftsim.invariants.Checkers.COMMIT_INDEX_MONOTONIC;
import static dev.raftsim.invariants.Checkers.CONFIG_FROM_LOG;
import static dev.raftsim.invariants.Checkers.CONFIG_QUORUMS_OVERLAP;
import static dev.raftsim.invariants.Checkers.ELECTION_SAFETY;
import static dev.raftsim.invariants.Checkers.LEADER_APPEND_ONLY;
import static dev.raftsim.invariants.Checkers.LEADER_COMPLETENESS;
import static dev.raftsim.invariants.Checkers.LEADER_ELECTED_BY_QUORUM;
import static dev.raftsim.invariants.Checkers.LOG_MATCHING;
import static dev.raftsim.invariants.Checkers.MATCH_INDEX_MONOTONIC;
import static dev.raftsim.invariants.Checkers.ONE_CONFIG_CHANGE_IN_FLIGHT;
import static dev.raftsim.invariants.Checkers.SINGLE_VOTE_PER_TERM;
import static dev.raftsim.invariants.Checkers.STATE_MACHINE_SAFETY;
import static dev.raftsim.invariants.Checkers.TERM_MONOTONIC;

import dev.raftsim.invariants.internal.Grow;
import dev.raftsim.invariants.internal.Hashing;
import dev.raftsim.invariants.internal.LongLongMap;
import dev.raftsim.invariants.internal.Quorums;
import dev.raftsim.invariants.internal.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * The safety checker for long runs: per event it looks only at what the touched node changed (the log suffix from
 * {@code logChangedFrom}, commit and apply advances), so its cost does not grow with log length or run length;
 * each new log entry costs amortised O(1).
 *
 * <p>What it asserts, precisely (the {@link ReferenceChecker} recomputes the same by brute force):
 *
 * <ul>
 *   <li>ElectionSafety: the first node seen as leader of a term is the only one ever seen as leader of it.
 *   <li>LeaderAppendOnly: a node seen as leader of term T in one observation and again, same incarnation, in the
 *       next one still holds every entry it held before, unchanged.
 *   <li>LogMatching: each log position carries a chained prefix hash; every (index, term) ever seen maps to one
 *       prefix hash forever.
 *   <li>StateMachineSafety: every up node's log agrees with the committed prefix up to min(commitIndex, lastIndex);
 *       every newly applied entry equals what any node applied at that index before, and the committed entry.
 *   <li>LeaderCompleteness: a leader of term T holds the longest committed prefix all of whose entries were committed
 *       in terms before T. The "commit term" of an index is the currentTerm of the node whose commitIndex first
 *       passed it; this is at least the term in which a correct Raft committed it, so no correct run is flagged
 *       (comparing with the entry's own term would flag stale or late leaders of older terms).
 *   <li>TermMonotonic, SingleVotePerTerm (per node, across restarts), CommitIndexBounded, CommitIndexMonotonic
 *       (within an incarnation), CommittedOnMajority (a majority of nodes' logs, as last seen while up, hold the
 *       committed prefix through its end C; checked when the prefix grows and when an examined node's log lost or
 *       rewrote an entry at or below C: a truncation, or a restart that came back without unsynced writes, so the
 *       loss is reported at the event that shows it), AppliedCommitted (lastApplied &lt;= commitIndex).
 *   <li>MatchIndexMonotonic, where the view reports leader progress: a node seen as leader of term T in one
 *       observation and again, same incarnation, in the next one has no peer's matchIndex lower than before.
 * </ul>
 *
 * <p>Membership, only where {@link ClusterView#reportsMembership()} (otherwise none of this runs, and verdicts and
 * messages are exactly those of a fixed configuration of all nodes):
 *
 * <ul>
 *   <li>CommittedOnMajority asks for a quorum (both majorities while joint; learners and spares never count) of the
 *       configuration of the node whose commitIndex extended the committed prefix, as it was just before or just
 *       after that event (a leader commits with its latest configuration, and may append the next one in the same
 *       event); the re-check on a loss uses the same configurations. LeaderCompleteness is unchanged.
 *   <li>LeaderElectedByQuorum: when a node is first seen leading a term, the nodes seen voting for it in that term
 *       (each node's first votedFor per term, recorded after every event) form a quorum of its configuration before or
 *       after that event.
 *   <li>OneConfigChangeInFlight: a leader's log holds at most one configuration entry above the committed prefix, and
 *       a leader changes its voters by a single server only once the committed prefix ends in an entry of its term
 *       (the 2015 correction). Each node's configuration entries above its base are kept as a stack of indexes,
 *       maintained from the changed suffix only.
 *   <li>ConfigQuorumsOverlap: a leader's successive configurations within a term have intersecting quorums; each
 *       committed configuration's quorums intersect the previous committed one's (contents are remembered by (index,
 *       term) when a node is seen with that configuration in effect, so a link is checked when both ends are known);
 *       and no leader of a term below the highest leader term has a quorum of its configuration made of nodes whose
 *       terms (as last seen) are at or below its own.
 *   <li>ConfigFromLog: the configuration in effect comes from the latest configuration entry of the log.
 * </ul>
 *
 * <p>Compacted logs: a node's log positions at or below its snapshot base are taken to be the committed prefix, so an
 * entry inside a snapshot counts as present for LogMatching, LeaderCompleteness and CommittedOnMajority. That is
 * asserted (as StateMachineSafety) whenever a new base is seen: the base must lie within the committed prefix, with
 * the committed entry's term, and its state digest must equal that of every snapshot seen at the same index. Also
 * StateMachineSafety: lastApplied never goes down within an incarnation (an install never moves the state machine
 * backwards). Positions below a base that differ from what the checker last saw of the node (an install replacing
 * a divergent log) are copied from the committed prefix once, so the cost stays that of the entries replaced.
 *
 * <p>Only the touched node is read: a node the event did not touch is taken to be unchanged (the reference checker
 * verifies that). A crashed node is never read; its log counts as last seen.
 *
 * <p>The committed prefix is the longest prefix any node ever committed: when a node's min(commitIndex, lastIndex)
 * passes it, it is extended with that node's entries. Nodes are examined in id order; within an event all
 * per-node checks run first, then commit checks, then apply checks, and all violations of the event are kept (see
 * {@link #violationsOfLastEvent()}); the one returned is the first in {@link Checkers#SAFETY_INVARIANTS} order.
 * After a violation the checker keeps going, but what it reports next is only a best effort.
 *
 * <p>The first call examines every node whatever {@code touchedNode} says. Impossible host input (a
 * logChangedFrom outside 1..lastIndex+1, a restart not marking the whole log changed, a log that grew without being
 * marked, an incarnation going down, a term beyond {@link Hashing#MAX_TERM}) throws IllegalStateException.
 */
public final class IncrementalChecker implements SafetyChecker {
  private static final int NO_CHANGE = Integer.MAX_VALUE;

  private ClusterView view;
  private long eventIndex;
  private long time;
  private int n = -1;
  private boolean started;
  private boolean everReported;

  // Per node, packed: node k's values live at st[k * STRIDE + field] (booleans as 0/1), so that an event touching one
  // node touches two or three cache lines instead of a score of small arrays: between two events the simulation
  // evicts them from the first-level cache, and reloading them, not the arithmetic, was most of the checker's cost.
  // First the last observation of each node while it was up ("as last seen"; nodes never seen have an empty log).
  private static final int SEEN = 0;
  private static final int UP_NOW = 1;
  private static final int INCARNATION = 2;
  private static final int LEADER = 3;
  private static final int TERM = 4;
  private static final int LAST_INDEX = 5;
  private static final int COMMIT_INDEX = 6;
  private static final int LAST_APPLIED = 7;
  private static final int HIGHEST_TERM = 8;
  private static final int LEADER_HOLDS = 9; // for a current leader: how much of the committed prefix it must hold
  // What the current event did to each examined node.
  private static final int EV_UP = 10;
  private static final int EV_BECAME_LEADER = 11;
  private static final int EV_FIRST_CHANGE = 12; // lowest index where the log differs from the last observation
  private static final int EV_APPLIED_BEFORE = 13;
  private static final int EV_CONFLICT_INDEX = 14; // LogMatching: first conflicting position this event, 0 if none
  private static final int EV_CONFLICT_TERM = 15; // (this and the next are written only on a conflict)
  private static final int EV_CONFLICT_FIRST_HASH = 16;
  private static final int SNAP_INDEX = 17; // the snapshot base as last seen
  private static final int STRIDE = 18;
  private long[] st;
  private long[][] prefix;
  private int[][] votes; // votes[node][term] = candidate + 1, 0 = no vote seen
  private int[] match; // match[node * n + peer]: a leader's matchIndex for peer as last seen (when reported)

  private int[] firstLeader = new int[16]; // by term: node + 1
  private long[] firstLeaderAt = new long[16];
  // LogMatching's memory: the prefix hash first seen for each (index, term). The first term seen at index i lives at
  // positions[2i] (as term + 1; 0 = nothing seen there yet) with its hash at positions[2i + 1]: logs grow at their
  // ends, so this stays in cache however long they get. Any other term seen at the same index (only after
  // conflicting appends) goes to the map.
  private long[] positions = new long[2 * 1024];
  private final LongLongMap otherTerms = new LongLongMap(64);

  // The committed prefix, index 0 being the empty prefix.
  private int committed;
  private long[] cPrefix = new long[16];
  private long[] cDigest = new long[16];
  private long[] cEntryTerm = new long[16];
  private long[] cCommitTermMax = new long[16]; // running max of the commit terms of 1..i
  private int[] cBy = new int[16];
  private long[] cAt = new long[16];

  // The first entry applied at each index i: applied[3i] = node + 1 (0 if nothing was applied there yet),
  // applied[3i + 1] = its digest, applied[3i + 2] = when.
  private long[] applied = new long[3 * 16];
  // The first snapshot seen at each index i: snapState[3i] = node + 1 (0: none yet), [3i + 1] = state digest, [3i + 2]
  // = when.
  private long[] snapState = new long[3 * 16];

  private final ArrayList<Violation> found = new ArrayList<>();

  // Membership (only where the view reports it; see the class comment). Per node, as last seen while up: the voters,
  // C_old's voters while joint, the learners and the configuration's log index, at cfg[4k..4k+3]; before this event's
  // observation at cfgBefore[2k], [2k+1].
  private boolean membership;
  private long[] cfg;
  private long[] cfgBefore;
  private int[][] cfgEntries; // the indexes of the configuration entries in each node's log above its snapshot base
  private int[] cfgCount;
  private boolean[] evSingleStep;
  private long[] cfgKey; // the (index, term) key of each node's configuration in effect as last seen, -1 if none // this event: a continuing leader made a single-server change of its voters
  // The contents {voters, old voters} of every configuration entry ever seen in effect on a node, by (index, term)
  // (index 0: the initial configuration). Lookups only, never iterated.
  private final HashMap<Long, long[]> configOf = new HashMap<>();
  private long[] newContents = new long[8]; // keys first recorded in this event
  private int newContentCount;
  // The committed configuration entries in index order, chain[0] = 0 (the initial configuration).
  private int[] chain = new int[8];
  private int chainLength = 1;
  private long maxLeaderTerm = -1;
  private boolean recheckStaleLeaders;
  private boolean chainReported;
  // The configurations CommittedOnMajority judges the committed end by: the committing node's after and before the
  // event that extended it.
  private long govVoters;
  private long govOld;
  private long govVotersBefore;
  private long govOldBefore;

  public IncrementalChecker() {
    cPrefix[0] = Hashing.EMPTY_PREFIX;
  }

  @Override
  public Violation afterEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    return examine(v, eventIndex, timeMicros, touchedNode, false);
  }

  /**
   * As {@link #afterEvent}, where the host says only the log grew and the commit index and lastApplied may have moved
   * (see {@link SafetyChecker#afterAppendEvent}): the full examination, except that the node's incarnation, role,
   * term and vote are taken as last recorded instead of re-read, and what the full examination would find unchanged
   * about them (its vote in that term, the term's first leader) is not looked at again. A leader's matchIndexes are
   * still read (a leader appending a configuration entry may reset a new member's). The appended entries, the
   * commit index and lastApplied are examined exactly as in full. It declines (examining in full) where it has not
   * seen the node up, or after a report.
   */
  @Override
  public Violation afterAppendEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    boolean hinted = started && !everReported && touchedNode >= 0 && touchedNode < n && upNow(touchedNode);
    return examine(v, eventIndex, timeMicros, touchedNode, hinted);
  }

  private Violation examine(ClusterView v, long eventIndex, long timeMicros, int touchedNode, boolean hinted) {
    begin(v, eventIndex, timeMicros, touchedNode);
    boolean all = touchedNode == -1 || !started;
    started = true;
    int lo = all ? 0 : touchedNode;
    int hi = all ? n - 1 : touchedNode;
    for (int k = lo; k <= hi; k++) {
      observe(k, hinted);
    }
    for (int k = lo; k <= hi; k++) {
      if (evConflictIndex(k) != 0) {
        reportLogMatching(k);
      }
    }
    if (membership) {
      for (int k = lo; k <= hi; k++) {
        if (evUp(k) && evBecameLeader(k)) {
          electedByQuorum(k);
        }
      }
    }
    int committedBefore = committed;
    for (int k = lo; k <= hi; k++) {
      commitAgreement(k);
    }
    int lostBy = -1;
    for (int k = lo; k <= hi && lostBy < 0; k++) {
      if (evUp(k) && evFirstChange(k) <= committed) {
        lostBy = k;
      }
    }
    if (committed > committedBefore || lostBy >= 0) {
      committedOnMajority(lostBy);
    }
    if (committed > committedBefore) {
      for (int j = 0; j < n; j++) {
        leaderCompleteness(j, committedBefore, all || j == touchedNode);
      }
    } else {
      for (int j = lo; j <= hi; j++) {
        leaderCompleteness(j, committedBefore, true);
      }
    }
    if (membership) {
      membershipChecks(lo, hi);
    }
    for (int k = lo; k <= hi; k++) {
      applies(k);
    }
    view = null;
    return firstFound();
  }

  private Violation firstFound() {
    if (found.isEmpty()) {
      return null;
    }
    everReported = true;
    found.sort(Comparator.comparingInt(x -> Checkers.rank(x.invariant())));
    return found.get(0);
  }

  /**
   * An unchanged node cannot break anything new, and examining it again would only rewrite what is recorded for it
   * (the committed prefix, the leaders and votes of each term are as they were when it was last seen, except for
   * growth that examined the nodes it affects). So until something has been reported (from then on only a best
   * effort is promised, and a lasting violation would be reported again on every look) the full examination would
   * return null and change nothing: this returns null at once.
   */
  @Override
  public Violation afterUnchangedEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    if (!started || everReported || touchedNode < 0 || touchedNode >= n || !upNow(touchedNode)) {
      return afterEvent(v, eventIndex, timeMicros, touchedNode);
    }
    begin(v, eventIndex, timeMicros, touchedNode);
    view = null;
    return null;
  }

  /**
   * As {@link #afterUnchangedEvent}, for a leader whose matchIndex for {@code peer} is all that changed: the full
   * examination would find the rest as it was (see there) and, of MatchIndexMonotonic, compare and record that one
   * value (the others are as recorded). So this does just that. It declines (examining in full) where the full
   * examination would not have treated the node as a continuing leader: not yet seen, down or not leading as last
   * seen, or after a report.
   */
  @Override
  public Violation afterMatchIndexEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode, int peer) {
    if (!started || everReported || touchedNode < 0 || touchedNode >= n || !upNow(touchedNode)
        || !leader(touchedNode) || peer < 0 || peer >= n || peer == touchedNode || !v.reportsLeaderProgress()) {
      return afterEvent(v, eventIndex, timeMicros, touchedNode);
    }
    begin(v, eventIndex, timeMicros, touchedNode);
    matchProgress(touchedNode, peer, term(touchedNode), true);
    view = null;
    return firstFound();
  }

  /** Every violation the last event caused, in report order (empty if none). */
  public List<Violation> violationsOfLastEvent() {
    return List.copyOf(found);
  }

  private void begin(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    int size = v.size();
    view = v;
    if (n < 0) {
      init(size);
    } else if (size != n) {
      throw new IllegalStateException("cluster size changed from " + n + " to " + size);
    }
    if (touchedNode < -1 || touchedNode >= n) {
      throw new IllegalStateException("touched node " + touchedNode + " is not in 0.." + (n - 1) + " or -1");
    }
    this.eventIndex = eventIndex;
    this.time = timeMicros;
    found.clear();
    newContentCount = 0;
    recheckStaleLeaders = false;
    chainReported = false;
  }

  private void init(int size) {
    if (size < 1) {
      throw new IllegalStateException("a cluster needs at least one node, got " + size);
    }
    n = size;
    membership = view.reportsMembership();
    if (membership) {
      if (n > 64) {
        throw new IllegalStateException("membership is reported as 64-bit sets, but the cluster has " + n + " nodes");
      }
      cfg = new long[4 * n];
      cfgBefore = new long[2 * n];
      cfgEntries = new int[n][];
      cfgCount = new int[n];
      evSingleStep = new boolean[n];
      cfgKey = new long[n];
      for (int k = 0; k < n; k++) {
        cfgEntries[k] = new int[4];
      }
    }
    st = new long[n * STRIDE];
    prefix = new long[n][];
    votes = new int[n][];
    match = new int[n * n];
    for (int k = 0; k < n; k++) {
      prefix[k] = new long[16];
      prefix[k][0] = Hashing.EMPTY_PREFIX;
      votes[k] = new int[16];
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pass 1: one node's own history, its log, elections.

  /**
   * {@code hinted}: the host says the node is up, not restarted, and its role, term and vote are as recorded at its
   * previous observation, which was up and found nothing to report.
   */
  private void observe(int k, boolean hinted) {
    ClusterView v = view;
    set(k, EV_CONFLICT_INDEX, 0);
    boolean up = hinted || v.isUp(k);
    set(k, EV_UP, up);
    if (!up) {
      set(k, UP_NOW, false);
      return;
    }
    long inc;
    boolean isLeader;
    long tm;
    int vote;
    if (hinted) {
      inc = incarnation(k);
      isLeader = leader(k);
      tm = term(k);
      vote = -1; // (recorded in votes[k] at the previous observation, which found it consistent)
    } else {
      inc = v.incarnation(k);
      isLeader = v.role(k) == NodeRole.LEADER;
      tm = v.currentTerm(k);
      vote = v.votedFor(k);
    }
    int li = v.lastIndex(k);
    int ci = v.commitIndex(k);
    int ai = v.lastApplied(k);
    int changedFrom = v.logChangedFrom(k);
    int sb = v.snapshotIndex(k);

    if (li < 0 || ci < 0 || ai < 0) {
      throw new IllegalStateException(v.name(k) + " reports lastIndex " + li + ", commitIndex " + ci
          + ", lastApplied " + ai);
    }
    checkTerm(k, tm);
    if (vote < -1 || vote >= n) {
      throw new IllegalStateException(v.name(k) + " voted for node " + vote + ", not a node of the cluster");
    }
    if (sb < 0 || sb > li) {
      throw new IllegalStateException(v.name(k) + "'s snapshot base " + sb + " is outside 0.." + li);
    }
    if (changedFrom <= sb || changedFrom > li + 1) {
      throw new IllegalStateException(v.name(k) + "'s logChangedFrom " + changedFrom + " is outside " + (sb + 1)
          + ".." + (li + 1));
    }
    boolean wasSeen = seen(k);
    if (wasSeen && inc < incarnation(k)) {
      throw new IllegalStateException(v.name(k) + "'s incarnation went down from " + incarnation(k) + " to " + inc);
    }
    boolean restarted = !wasSeen || inc != incarnation(k);
    if (wasSeen && restarted && changedFrom != sb + 1) {
      throw new IllegalStateException(v.name(k) + " restarted (incarnation " + inc + ") but its logChangedFrom is "
          + changedFrom + ", not " + (sb + 1));
    }
    int prevLast = lastIndex(k);
    boolean newBase = sb > 0 && (restarted || sb != snapIndex(k));
    int from = Math.max(restarted ? 1 : changedFrom, sb + 1);
    if (from > Math.max(Math.min(prevLast, li), newBase ? sb : 0) + 1) {
      throw new IllegalStateException(v.name(k) + "'s log went from " + prevLast + " to " + li
          + " entries but logChangedFrom is " + changedFrom);
    }

    // The log: recompute prefix hashes of the changed suffix, noting the first position that really changed.
    long[] p = Grow.atLeast(prefix[k], li + 1);
    prefix[k] = p;
    int firstChange = NO_CHANGE;
    if (newBase) {
      firstChange = snapshotBase(k, p, sb, v.snapshotTerm(k), restarted ? 0 : Math.min(prevLast, sb));
      if (firstChange > prevLast) {
        firstChange = NO_CHANGE;
      }
    }
    if (membership) {
      dropConfigEntries(k, from, sb);
    }
    long h = p[from - 1];
    for (int i = from; i <= li; i++) {
      if (membership && v.isConfigEntry(k, i)) {
        addConfigEntry(k, i);
      }
      long entryTerm = v.termAt(k, i);
      checkTerm(k, entryTerm);
      h = Hashing.extendPrefix(h, v.entryDigest(k, i));
      if (firstChange == NO_CHANGE && i <= prevLast && p[i] != h) {
        firstChange = i;
      }
      p[i] = h;
      long first = firstPrefixAt(i, entryTerm, h);
      if (first != h && evConflictIndex(k) == 0) {
        set(k, EV_CONFLICT_INDEX, i);
        set(k, EV_CONFLICT_TERM, entryTerm);
        set(k, EV_CONFLICT_FIRST_HASH, first);
      }
    }
    if (firstChange == NO_CHANGE && li < prevLast) {
      firstChange = li + 1;
    }

    if (wasSeen && tm < highestTerm(k)) {
      report(TERM_MONOTONIC, v.name(k) + "'s currentTerm went down from " + highestTerm(k) + " to " + tm
          + (restarted ? " across a restart" : ""), k);
    }
    set(k, HIGHEST_TERM, Math.max(highestTerm(k), tm));

    if (vote >= 0) {
      int t = (int) tm;
      int[] vs = Grow.atLeast(votes[k], t + 1);
      votes[k] = vs;
      if (vs[t] == 0) {
        vs[t] = vote + 1;
      } else if (vs[t] != vote + 1) {
        report(SINGLE_VOTE_PER_TERM, v.name(k) + " voted for " + v.name(vote) + " in term " + tm
            + " after already voting for " + v.name(vs[t] - 1) + " in that term", k, vote, vs[t] - 1);
      }
    }

    if (isLeader && !hinted) { // (hinted: a continuing leader, recorded as this term's first at its election)
      int t = (int) tm;
      firstLeader = Grow.atLeast(firstLeader, t + 1);
      firstLeaderAt = Grow.atLeast(firstLeaderAt, t + 1);
      if (firstLeader[t] == 0) {
        firstLeader[t] = k + 1;
        firstLeaderAt[t] = time;
      } else if (firstLeader[t] != k + 1) {
        int other = firstLeader[t] - 1;
        report(ELECTION_SAFETY, v.name(k) + " became leader of term " + tm + ", but " + v.name(other)
            + " was already leader of term " + tm + " (since " + Text.ms(firstLeaderAt[t]) + ")", k, other);
      }
    }

    boolean continuingLeader = isLeader && wasSeen && !restarted && leader(k) && term(k) == tm;
    if (membership) {
      boolean logSame = wasSeen && !restarted && !newBase && from > li && li == prevLast;
      // The configuration entry in effect as last seen is untouched when nothing at or below it changed.
      boolean entryKept = wasSeen && !restarted && sb == snapIndex(k) && from > cfg[4 * k + 3];
      observeConfig(k, wasSeen, logSame, entryKept, isLeader, continuingLeader, tm, li, sb);
      if (isLeader && tm > maxLeaderTerm) {
        maxLeaderTerm = tm;
        recheckStaleLeaders = true;
      }
      if ((isLeader && !continuingLeader) || (wasSeen && tm < term(k))) {
        recheckStaleLeaders = true;
      }
    }
    if (isLeader && v.reportsLeaderProgress()) {
      leaderProgress(k, tm, continuingLeader);
    }
    if (continuingLeader && firstChange <= prevLast) {
      String what = li < prevLast && firstChange == li + 1
          ? "deleted entries " + (li + 1) + ".." + prevLast
          : "rewrote " + Text.entry(v, k, firstChange) + (li < prevLast ? " and shrank to " + li + " entries" : "");
      report(LEADER_APPEND_ONLY, v.name(k) + ", leader of term " + tm + ", " + what + " of its log while still leader"
          + " (it had " + prevLast + " entries)", k);
    }

    if (ci > li) {
      report(COMMIT_INDEX_BOUNDED, v.name(k) + "'s commitIndex " + ci + " is beyond its last log index " + li, k);
    }
    if (wasSeen && !restarted && ci < commitIndex(k)) {
      report(COMMIT_INDEX_MONOTONIC, v.name(k) + "'s commitIndex went down from " + commitIndex(k) + " to " + ci
          + " without a restart", k);
    }
    if (wasSeen && !restarted && ai < lastApplied(k)) {
      report(STATE_MACHINE_SAFETY, v.name(k) + "'s lastApplied went down from " + lastApplied(k) + " to " + ai
          + " without a restart: its state machine moved backwards" + (newBase ? " (installing a snapshot through "
          + sb + ")" : ""), k);
    }

    set(k, EV_BECAME_LEADER, isLeader && !continuingLeader);
    set(k, EV_FIRST_CHANGE, firstChange);
    set(k, EV_APPLIED_BEFORE, restarted ? 0 : lastApplied(k));

    set(k, SEEN, true);
    set(k, UP_NOW, true);
    set(k, INCARNATION, inc);
    set(k, LEADER, isLeader);
    set(k, TERM, tm);
    set(k, LAST_INDEX, li);
    set(k, COMMIT_INDEX, ci);
    set(k, LAST_APPLIED, ai);
    set(k, SNAP_INDEX, sb);
  }

  /**
   * A snapshot base not seen before on node k (taken, installed or restored): checks that it is a committed prefix
   * whose state agrees with every other snapshot at its index, and makes positions 1..sb of the node's prefix hashes
   * the committed ones, copying only those that differ from what was last seen ({@code known} positions were).
   * Returns the first position it changed (NO_CHANGE if none).
   */
  private int snapshotBase(int k, long[] p, int sb, long sbTerm, int known) {
    ClusterView v = view;
    if (sb > committed || cEntryTerm[sb] != sbTerm) {
      report(STATE_MACHINE_SAFETY, v.name(k) + " holds a snapshot through index " + sb + " (term " + sbTerm + "), but "
          + (sb > committed ? "only " + committed + " entries were ever committed"
              : describeCommitted(sb) + " was committed at that index by " + v.name(cBy[sb]) + " at "
                  + Text.ms(cAt[sb])), sb > committed ? List.of(k) : List.of(k, cBy[sb]));
    }
    long digest = v.snapshotStateDigest(k);
    if (digest != 0) {
      int a = 3 * sb;
      snapState = Grow.atLeast(snapState, a + 3);
      if (snapState[a] == 0) {
        snapState[a] = k + 1;
        snapState[a + 1] = digest;
        snapState[a + 2] = time;
      } else if (snapState[a + 1] != digest) {
        int other = (int) snapState[a] - 1;
        report(STATE_MACHINE_SAFETY, v.name(k) + "'s snapshot through index " + sb + " has state " + Text.hex(digest)
            + ", but " + v.name(other) + "'s snapshot at that index, seen at " + Text.ms(snapState[a + 2])
            + ", has state " + Text.hex(snapState[a + 1]), k, other);
      }
    }
    int top = Math.min(sb, committed); // (beyond it, only after a report: best effort)
    int same = Math.min(known, top);
    int d = same == 0 || p[same] == cPrefix[same] ? same + 1 : firstDifference(p, cPrefix, same);
    if (d > top) {
      return NO_CHANGE;
    }
    System.arraycopy(cPrefix, d, p, d, top - d + 1);
    return d;
  }

  /** MatchIndexMonotonic: within one leadership, no peer's matchIndex goes down; then remember them all. */
  private void leaderProgress(int k, long tm, boolean continuingLeader) {
    boolean reported = false;
    for (int p = 0; p < n; p++) {
      if (p != k) {
        reported |= matchProgress(k, p, tm, continuingLeader && !reported);
      }
    }
  }

  /** Records leader k's matchIndex for peer p; with {@code check}, reports it first if it went down. */
  private boolean matchProgress(int k, int p, long tm, boolean check) {
    ClusterView v = view;
    int at = k * n + p;
    int m = v.matchIndex(k, p);
    boolean lowered = check && m < match[at];
    if (lowered) {
      report(MATCH_INDEX_MONOTONIC, v.name(k) + ", leader of term " + tm + ", lowered its matchIndex for "
          + v.name(p) + " from " + match[at] + " to " + m + " while still leader", k, p);
    }
    match[at] = m;
    return lowered;
  }

  /** The prefix hash first seen for (index, term), recording {@code h} as that if the pair is new. */
  private long firstPrefixAt(int index, long entryTerm, long h) {
    int at = 2 * index;
    if (at + 1 >= positions.length) {
      positions = Grow.atLeast(positions, at + 2);
    }
    long t = positions[at];
    if (t == 0) {
      positions[at] = entryTerm + 1;
      positions[at + 1] = h;
      return h;
    }
    if (t == entryTerm + 1) {
      return positions[at + 1];
    }
    return otherTerms.putIfAbsent(Hashing.indexTermKey(index, entryTerm), h);
  }

  private void checkTerm(int k, long t) {
    if (t < 0 || t > Hashing.MAX_TERM) {
      throw new IllegalStateException(view.name(k) + " reports term " + t + ", outside the checker's range 0.."
          + Hashing.MAX_TERM);
    }
  }

  private void reportLogMatching(int k) {
    ClusterView v = view;
    int i = evConflictIndex(k);
    long t = evConflictTerm(k);
    long firstHash = evConflictFirstHash(k);
    String base = v.name(k) + " holds " + Text.entry(v, k, i) + ", but a log seen earlier held an entry " + i
        + " of term " + t + " after different entries";
    for (int j = 0; j < n; j++) {
      if (j != k && upNow(j) && lastIndex(j) >= i && prefix[j][i] == firstHash) {
        int d = firstDifference(prefix[k], prefix[j], i);
        report(LOG_MATCHING, base + ": " + v.name(j) + " holds that one, and the two logs differ at index " + d
            + " (" + v.name(k) + ": " + Text.entry(v, k, d) + "; " + v.name(j) + ": " + Text.entry(v, j, d) + ")",
            k, j);
        return;
      }
    }
    report(LOG_MATCHING, base + " (no log that is up holds that version any more)", k);
  }

  /** Lowest index in 1..upTo where two chained prefix hashes differ; they differ at upTo. */
  private static int firstDifference(long[] a, long[] b, int upTo) {
    int lo = 1;
    int hi = upTo;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] == b[mid]) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pass 2: the committed prefix.

  private void commitAgreement(int k) {
    if (!evUp(k)) {
      return;
    }
    int eff = Math.min(commitIndex(k), lastIndex(k));
    int m = Math.min(eff, committed);
    long[] p = prefix[k];
    if (p[m] != cPrefix[m]) {
      int d = firstDifference(p, cPrefix, m);
      report(STATE_MACHINE_SAFETY, view.name(k) + " has committed " + Text.entry(view, k, d) + ", but "
          + describeCommitted(d) + " was committed at that index by " + view.name(cBy[d]) + " at " + Text.ms(cAt[d]),
          k, cBy[d]);
      return;
    }
    if (eff > committed) {
      extendCommitted(k, eff);
    }
  }

  private void extendCommitted(int k, int upTo) {
    int len = upTo + 1;
    cPrefix = Grow.atLeast(cPrefix, len);
    cDigest = Grow.atLeast(cDigest, len);
    cEntryTerm = Grow.atLeast(cEntryTerm, len);
    cCommitTermMax = Grow.atLeast(cCommitTermMax, len);
    cBy = Grow.atLeast(cBy, len);
    cAt = Grow.atLeast(cAt, len);
    long[] p = prefix[k];
    long commitTerm = term(k);
    int sb = snapIndex(k); // (above the committed prefix only after a report: then best effort)
    if (membership) {
      govVoters = cfg[4 * k];
      govOld = cfg[4 * k + 1];
      govVotersBefore = cfgBefore[2 * k];
      govOldBefore = cfgBefore[2 * k + 1];
    }
    for (int i = committed + 1; i <= upTo; i++) {
      cPrefix[i] = p[i];
      cDigest[i] = i <= sb ? 0 : view.entryDigest(k, i);
      cEntryTerm[i] = i < sb ? 0 : view.termAt(k, i);
      cCommitTermMax[i] = Math.max(cCommitTermMax[i - 1], commitTerm);
      cBy[i] = k;
      cAt[i] = time;
      if (membership && i > sb && view.isConfigEntry(k, i)) {
        chain = Grow.atLeast(chain, chainLength + 1);
        chain[chainLength++] = i;
        checkChainLink(chainLength - 1);
      }
    }
    committed = upTo;
  }

  /** {@code lostBy}: a node this event examined that lost or rewrote an entry at or below the committed index, or -1. */
  private void committedOnMajority(int lostBy) {
    if (membership) {
      committedOnQuorum(lostBy);
      return;
    }
    int c = committed;
    int holders = 0;
    for (int j = 0; j < n; j++) {
      if (holdsCommitted(j, c)) {
        holders++;
      }
    }
    int majority = n / 2 + 1;
    if (holders >= majority) {
      return;
    }
    List<Integer> who = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if (holdsCommitted(j, c)) {
        who.add(j);
      }
    }
    report(COMMITTED_ON_MAJORITY, describeCommitted(c) + ", committed by " + view.name(cBy[c]) + " at "
        + Text.ms(cAt[c]) + ", is held by only " + holders + " of " + n + " nodes ("
        + (who.isEmpty() ? "none" : Text.names(view, who)) + "), fewer than a majority of " + majority
        + (lostBy < 0 ? "" : ", after " + view.name(lostBy) + " lost its entries from index " + evFirstChange(lostBy)),
        who);
  }

  /** Whether node j's log, as last seen, holds the committed prefix through index i. */
  private boolean holdsCommitted(int j, int i) {
    return lastIndex(j) >= i && prefix[j][i] == cPrefix[i];
  }

  private void leaderCompleteness(int j, int committedBefore, boolean examined) {
    if (!upNow(j) || !leader(j)) {
      return;
    }
    long t = term(j);
    boolean became = examined && evBecameLeader(j);
    int mustHold;
    if (became) {
      mustHold = committedBeforeTerm(t);
    } else {
      mustHold = leaderHolds(j);
      if (mustHold == committedBefore) {
        while (mustHold < committed && cCommitTermMax[mustHold + 1] < t) {
          mustHold++;
        }
      }
    }
    boolean check = became || mustHold != leaderHolds(j) || (examined && evFirstChange(j) <= mustHold);
    set(j, LEADER_HOLDS, mustHold);
    if (!check || mustHold == 0) {
      return;
    }
    long[] p = prefix[j];
    int li = lastIndex(j);
    if (li >= mustHold && p[mustHold] == cPrefix[mustHold]) {
      return;
    }
    int shared = Math.min(li, mustHold);
    int missing = p[shared] == cPrefix[shared] ? shared + 1 : firstDifference(p, cPrefix, shared);
    String who = became ? view.name(j) + " became leader of term " + t + " without "
        : view.name(j) + ", leader of term " + t + ", does not hold ";
    report(LEADER_COMPLETENESS, who + describeCommitted(missing) + ", committed by " + view.name(cBy[missing]) + " at "
        + Text.ms(cAt[missing]) + " while in term " + commitTermOf(missing), j, cBy[missing]);
  }

  /** Length of the longest committed prefix whose entries were all committed in terms before t. */
  private int committedBeforeTerm(long t) {
    int lo = 0;
    int hi = committed;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (cCommitTermMax[mid] < t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private long commitTermOf(int i) {
    return cCommitTermMax[i];
  }

  /** The committed entry at index i, described from a node that is up and still holds the committed prefix to i. */
  private String describeCommitted(int i) {
    for (int j = 0; j < n; j++) {
      if (upNow(j) && lastIndex(j) >= i && i > snapIndex(j) && prefix[j][i] == cPrefix[i]) {
        return Text.entry(view, j, i);
      }
    }
    return Text.unheldEntry(i, cEntryTerm[i], cDigest[i]);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Membership: configurations in force (only where the view reports them).

  private static long configKey(int index, long term) {
    return index == 0 ? 0 : Hashing.indexTermKey(index, term);
  }

  /** Forgets node k's configuration entries at or above {@code from} (rewritten) and at or below {@code sb}. */
  private void dropConfigEntries(int k, int from, int sb) {
    int[] e = cfgEntries[k];
    int c = cfgCount[k];
    while (c > 0 && e[c - 1] >= from) {
      c--;
    }
    int low = 0;
    while (low < c && e[low] <= sb) {
      low++;
    }
    if (low > 0) { // a new snapshot base: rare
      System.arraycopy(e, low, e, 0, c - low);
      c -= low;
    }
    cfgCount[k] = c;
  }

  private void addConfigEntry(int k, int index) {
    int c = cfgCount[k];
    cfgEntries[k] = Grow.atLeast(cfgEntries[k], c + 1);
    cfgEntries[k][c] = index;
    cfgCount[k] = c + 1;
  }

  /**
   * Reads node k's configuration: ConfigFromLog, the contents of configuration entries (by index and term), and, for a
   * leader that changed its configuration within its term, ConfigQuorumsOverlap between the old and the new one.
   */
  private void observeConfig(int k, boolean wasSeen, boolean logSame, boolean entryKept, boolean isLeader,
      boolean continuingLeader, long tm, int li, int sb) {
    ClusterView v = view;
    int ci = v.configIndex(k);
    int c = cfgCount[k];
    int latest = c == 0 ? -1 : cfgEntries[k][c - 1];
    if (ci == cfg[4 * k + 3]
        && (logSame || entryKept && (latest >= 0 ? ci == latest : ci == 0 && sb == 0))) {
      // The hot path (nearly every event): the same configuration entry, and either the same log or one that changed
      // only above that entry, which is still the latest configuration entry (so ConfigFromLog holds as before); hence
      // the same configuration with the same (index, term), and nothing to record. (A view that changed the contents
      // without the index would break ConfigFromLog's premise.)
      cfgBefore[2 * k] = cfg[4 * k];
      cfgBefore[2 * k + 1] = cfg[4 * k + 1];
      evSingleStep[k] = false;
      return;
    }
    long nv = v.voters(k);
    long no = v.jointOldVoters(k);
    long nl = v.learners(k);
    long pv = wasSeen ? cfg[4 * k] : nv;
    long po = wasSeen ? cfg[4 * k + 1] : no;
    cfgBefore[2 * k] = pv;
    cfgBefore[2 * k + 1] = po;
    cfg[4 * k] = nv;
    cfg[4 * k + 1] = no;
    cfg[4 * k + 2] = nl;
    cfg[4 * k + 3] = ci;

    if (latest >= 0 ? ci != latest : ci < 0 || ci > sb) {
      report(CONFIG_FROM_LOG, v.name(k) + "'s configuration in effect (" + Quorums.config(v, nv, no) + ") is said to"
          + " come from index " + ci + ", but " + (latest >= 0 ? "the latest configuration entry in its log is at index "
          + latest : "no entry of its log above its snapshot base " + sb + " carries a configuration")
          + " (a configuration takes effect as soon as it is in the log, committed or not)", k);
    } else if (latest < 0 && sb > 0) {
      snapshotConfig(k, sb, nv, no);
    }
    long key;
    if (ci == 0 && sb == 0) {
      key = 0;
    } else if (ci >= 1 && ci >= sb && ci <= li) {
      key = configKey(ci, v.termAt(k, ci));
    } else {
      key = -1;
    }
    long lastKey = cfgKey[k];
    cfgKey[k] = key;
    if (key >= 0 && (!wasSeen || key != lastKey) && !configOf.containsKey(key)) {
      configOf.put(key, new long[] {nv, no});
      newContents = Grow.atLeast(newContents, newContentCount + 1);
      newContents[newContentCount++] = key;
    }
    evSingleStep[k] = continuingLeader && no == 0 && po == 0 && Long.bitCount(nv ^ pv) == 1;
    if (continuingLeader && (nv != pv || no != po)) {
      recheckStaleLeaders = true;
      long[] w = Quorums.disjointQuorums(pv, po, nv, no);
      if (w != null) {
        report(CONFIG_QUORUMS_OVERLAP, v.name(k) + ", leader of term " + tm + ", changed its configuration from "
            + Quorums.config(v, pv, po) + " to " + Quorums.config(v, nv, no) + ", whose quorums do not intersect: "
            + Quorums.names(v, w[0]) + " and " + Quorums.names(v, w[1]) + " could each decide alone", k);
      }
    }
  }

  /**
   * ConfigFromLog for a node whose configuration comes from its snapshot: it must be the committed configuration in
   * effect at the snapshot's index (the last committed configuration entry at or below it), where that is known.
   */
  private void snapshotConfig(int k, int sb, long nv, long no) {
    int lo = 0;
    int hi = chainLength - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (chain[mid] <= sb) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    long[] c = chain[lo] == 0 ? configOf.get(0L) : committedConfig(chain[lo]);
    if (c == null || (c[0] == nv && c[1] == no)) {
      return;
    }
    report(CONFIG_FROM_LOG, view.name(k) + "'s configuration in effect (" + Quorums.config(view, nv, no) + ") comes"
        + " from its snapshot through index " + sb + ", but the configuration committed at or below that index is "
        + (chain[lo] == 0 ? "the initial one" : "the one at index " + chain[lo]) + " (" + Quorums.config(view, c[0], c[1])
        + ")", k);
  }

  /** LeaderElectedByQuorum: the votes seen for k in its term form a quorum of its configuration (before or after). */
  private void electedByQuorum(int k) {
    int t = (int) term(k);
    long granted = 0;
    for (int j = 0; j < n; j++) {
      int[] vs = votes[j];
      if (t < vs.length && vs[t] == k + 1) {
        granted |= 1L << j;
      }
    }
    long nv = cfg[4 * k];
    long no = cfg[4 * k + 1];
    long pv = cfgBefore[2 * k];
    long po = cfgBefore[2 * k + 1];
    if (Quorums.isQuorum(granted, nv, no) || Quorums.isQuorum(granted, pv, po)) {
      return;
    }
    boolean same = nv == pv && no == po;
    report(LEADER_ELECTED_BY_QUORUM, view.name(k) + " became leader of term " + t + " with the votes of "
        + Quorums.names(view, granted) + " only, not a quorum of its configuration (" + Quorums.config(view, nv, no)
        + (same ? "" : "; before this event " + Quorums.config(view, pv, po)) + ")", k);
  }

  /** CommittedOnMajority with configurations: the holders form a quorum of the committing node's configuration. */
  private void committedOnQuorum(int lostBy) {
    int c = committed;
    long holders = 0;
    for (int j = 0; j < n; j++) {
      if (holdsCommitted(j, c)) {
        holders |= 1L << j;
      }
    }
    boolean half = view.halfCommitQuorumWhenEven();
    if (Quorums.isCommitQuorum(holders, govVoters, govOld, half)
        || Quorums.isCommitQuorum(holders, govVotersBefore, govOldBefore, half)) {
      return;
    }
    List<Integer> who = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      if ((holders & (1L << j)) != 0) {
        who.add(j);
      }
    }
    report(COMMITTED_ON_MAJORITY, describeCommitted(c) + ", committed by " + view.name(cBy[c]) + " at "
        + Text.ms(cAt[c]) + ", is held by only " + Quorums.names(view, holders) + ", not a quorum of "
        + view.name(cBy[c]) + "'s configuration then (" + Quorums.config(view, govVoters, govOld) + ")"
        + (lostBy < 0 ? "" : ", after " + view.name(lostBy) + " lost its entries from index " + evFirstChange(lostBy)),
        who);
  }

  private void membershipChecks(int lo, int hi) {
    for (int k = lo; k <= hi; k++) {
      int c = cfgCount[k];
      if (evUp(k) && leader(k) && c >= 2 && cfgEntries[k][c - 2] > committed) {
        report(ONE_CONFIG_CHANGE_IN_FLIGHT, view.name(k) + ", leader of term " + term(k) + ", holds configuration"
            + " entries at indexes " + cfgEntries[k][c - 2] + " and " + cfgEntries[k][c - 1] + ", both above the"
            + " committed index " + committed + ": a configuration change started before the previous one committed",
            k);
      } else if (evUp(k) && evSingleStep[k] && cEntryTerm[committed] < term(k)) {
        report(ONE_CONFIG_CHANGE_IN_FLIGHT, view.name(k) + ", leader of term " + term(k) + ", made a single-server"
            + " change (to voters " + Quorums.names(view, cfg[4 * k]) + ") before any entry of term " + term(k)
            + " committed (the committed prefix ends at index " + committed + ", of term " + cEntryTerm[committed]
            + "): a change of an earlier term may still be in flight (the 2015 single-server bug)", k);
      }
    }
    for (int e = 0; e < newContentCount; e++) {
      long key = newContents[e];
      int index = (int) key;
      long t = key >>> 32;
      if (index > committed || cEntryTerm[index] != t) {
        continue;
      }
      int lo2 = 0;
      int hi2 = chainLength - 1;
      while (lo2 < hi2) {
        int mid = (lo2 + hi2) >>> 1;
        if (chain[mid] < index) {
          lo2 = mid + 1;
        } else {
          hi2 = mid;
        }
      }
      if (chain[lo2] == index) {
        if (lo2 > 0) {
          checkChainLink(lo2);
        }
        if (lo2 + 1 < chainLength) {
          checkChainLink(lo2 + 1);
        }
      }
    }
    if (recheckStaleLeaders) {
      staleLeaders();
    }
  }

  private long[] committedConfig(int index) {
    return configOf.get(configKey(index, cEntryTerm[index]));
  }

  /** ConfigQuorumsOverlap along the committed configurations: chain[p] and its predecessor, where both are known. */
  private void checkChainLink(int p) {
    long[] a = committedConfig(chain[p - 1]);
    long[] b = committedConfig(chain[p]);
    if (a == null || b == null || chainReported) {
      return;
    }
    long[] w = Quorums.disjointQuorums(a[0], a[1], b[0], b[1]);
    if (w == null) {
      return;
    }
    chainReported = true;
    ClusterView v = view;
    report(CONFIG_QUORUMS_OVERLAP, "the configuration committed at index " + chain[p] + " ("
        + Quorums.config(v, b[0], b[1]) + ") follows the one at index " + chain[p - 1] + " ("
        + Quorums.config(v, a[0], a[1]) + "), but their quorums do not intersect: " + Quorums.names(v, w[0]) + " and "
        + Quorums.names(v, w[1]) + " could each decide alone", List.of(cBy[chain[p]]));
  }

  /**
   * ConfigQuorumsOverlap between leaders: once a leader of term M has been elected, a leader of an earlier term T must
   * no longer be able to commit, i.e. every quorum of its configuration must hold a node (as last seen) at a term
   * above T. Quorum intersection makes this automatic when the two configurations overlap, so a violation means two
   * configurations whose quorums do not intersect were both able to commit. Re-examined only when it can change:
   * a new highest leader term, a node becoming leader, a leader's configuration changing, a term going down.
   */
  private void staleLeaders() {
    for (int j = 0; j < n; j++) {
      if (!upNow(j) || !leader(j) || term(j) >= maxLeaderTerm) {
        continue;
      }
      long t = term(j);
      long fresh = 0;
      for (int m = 0; m < n; m++) {
        if (term(m) <= t) {
          fresh |= 1L << m;
        }
      }
      long nv = cfg[4 * j];
      long no = cfg[4 * j + 1];
      if (Quorums.isQuorum(fresh, nv, no)) {
        int newer = firstLeader[(int) maxLeaderTerm] - 1;
        report(CONFIG_QUORUMS_OVERLAP, view.name(j) + ", leader of term " + t + " with " + Quorums.config(view, nv, no)
            + ", can still commit: " + Quorums.names(view, fresh & (nv | no)) + " are at terms up to " + t
            + ", yet " + view.name(newer) + " was elected leader of term " + maxLeaderTerm
            + ": two configurations whose quorums do not intersect are both able to commit", j, newer);
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pass 3: applied entries.

  private void applies(int k) {
    if (!evUp(k)) {
      return;
    }
    ClusterView v = view;
    int ai = lastApplied(k);
    if (ai > commitIndex(k)) {
      report(APPLIED_COMMITTED, v.name(k) + " applied up to index " + ai + " but its commitIndex is only "
          + commitIndex(k), k);
    }
    int top = Math.min(ai, lastIndex(k));
    boolean reported = false;
    // Entries an install or a restart brought in through a snapshot are not applied one by one: the snapshot's own
    // checks (snapshotBase) cover them.
    for (int i = Math.max(evAppliedBefore(k), snapIndex(k)) + 1; i <= top; i++) {
      long d = v.entryDigest(k, i);
      int a = 3 * i;
      if (a < applied.length && applied[a] != 0) {
        if (!reported && applied[a + 1] != d) {
          reported = true;
          int other = (int) applied[a] - 1;
          report(STATE_MACHINE_SAFETY, v.name(k) + " applied " + Text.entry(v, k, i) + ", but " + v.name(other)
              + " applied a different entry at index " + i + " at " + Text.ms(applied[a + 2]) + " (digest "
              + Text.hex(applied[a + 1]) + ")", k, other);
        }
      } else {
        applied = Grow.atLeast(applied, a + 3);
        applied[a] = k + 1;
        applied[a + 1] = d;
        applied[a + 2] = time;
      }
      if (!reported && i <= committed && cDigest[i] != d) {
        reported = true;
        report(STATE_MACHINE_SAFETY, v.name(k) + " applied " + Text.entry(v, k, i) + ", which is not the committed "
            + describeCommitted(i) + " (committed by " + v.name(cBy[i]) + " at " + Text.ms(cAt[i]) + ")",
            k, cBy[i]);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The packed per-node state.

  private void set(int k, int field, long value) {
    st[k * STRIDE + field] = value;
  }

  private void set(int k, int field, boolean value) {
    st[k * STRIDE + field] = value ? 1 : 0;
  }

  private boolean seen(int k) {
    return st[k * STRIDE + SEEN] != 0;
  }

  private boolean upNow(int k) {
    return st[k * STRIDE + UP_NOW] != 0;
  }

  private long incarnation(int k) {
    return st[k * STRIDE + INCARNATION];
  }

  private boolean leader(int k) {
    return st[k * STRIDE + LEADER] != 0;
  }

  private long term(int k) {
    return st[k * STRIDE + TERM];
  }

  private int lastIndex(int k) {
    return (int) st[k * STRIDE + LAST_INDEX];
  }

  private int commitIndex(int k) {
    return (int) st[k * STRIDE + COMMIT_INDEX];
  }

  private int lastApplied(int k) {
    return (int) st[k * STRIDE + LAST_APPLIED];
  }

  private int snapIndex(int k) {
    return (int) st[k * STRIDE + SNAP_INDEX];
  }

  private long highestTerm(int k) {
    return st[k * STRIDE + HIGHEST_TERM];
  }

  private int leaderHolds(int k) {
    return (int) st[k * STRIDE + LEADER_HOLDS];
  }

  private boolean evUp(int k) {
    return st[k * STRIDE + EV_UP] != 0;
  }

  private boolean evBecameLeader(int k) {
    return st[k * STRIDE + EV_BECAME_LEADER] != 0;
  }

  private int evFirstChange(int k) {
    return (int) st[k * STRIDE + EV_FIRST_CHANGE];
  }

  private int evAppliedBefore(int k) {
    return (int) st[k * STRIDE + EV_APPLIED_BEFORE];
  }

  private int evConflictIndex(int k) {
    return (int) st[k * STRIDE + EV_CONFLICT_INDEX];
  }

  private long evConflictTerm(int k) {
    return st[k * STRIDE + EV_CONFLICT_TERM];
  }

  private long evConflictFirstHash(int k) {
    return st[k * STRIDE + EV_CONFLICT_FIRST_HASH];
  }

  // ---------------------------------------------------------------------------------------------------------------

  private void report(String invariant, String message, int... nodes) {
    List<Integer> ids = new ArrayList<>(nodes.length);
    for (int node : nodes) {
      if (!ids.contains(node)) {
        ids.add(node);
      }
    }
    report(invariant, message, ids);
  }

  private void report(String invariant, String message, List<Integer> nodes) {
    found.add(new Violation(invariant, message, eventIndex, time, nodes));
  }
}
