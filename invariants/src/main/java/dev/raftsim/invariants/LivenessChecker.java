package dev.raftsim.invariants;

import static dev.raftsim.invariants.Checkers.LIVENESS;

import dev.raftsim.invariants.internal.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Progress once the faults stop ("Liveness"). A Raft that never elects anyone satisfies every safety property, so
 * from {@link LivenessConfig#healAtMicros()} on this checks that:
 *
 * <ol>
 *   <li>the cluster is never without a leader for longer than {@code leaderBoundMicros} (the clock starts at
 *       healAt). A leader is an up node in role LEADER whose term is the highest among up nodes (with membership:
 *       among the up members of its own configuration, see below). This catches livelock and split-vote storms.
 *   <li>every entry that such a leader appends at or after healAt is committed (some node's commitIndex passes it
 *       with the same term at that index) within {@code commitBoundMicros}, unless a leader of a newer term has been
 *       seen meanwhile (then the entry may legitimately be lost).
 *   <li>every up node catches up: in each window of {@code commitBoundMicros} after healAt during which one leader
 *       leads, a node whose commitIndex stays below both the leader's commitIndex at the window's start and the
 *       leader's commitIndex now, without advancing at all (same incarnation), is stuck behind: a follower that
 *       never catches up (e.g. one behind the leader's snapshot base that is never sent the snapshot). Slow but
 *       advancing catch-up of a long log is not flagged. Only members of the leader's configuration must catch up
 *       (a spare or a removed server is not sent the log).
 * </ol>
 *
 * <p>Membership (only where the view reports it): a leader is an up node in role LEADER whose term is the highest
 * among the up members (voters, learners, C_old while joint) of its own configuration; servers outside it (a removed
 * server that never learned of its removal and keeps campaigning with ever higher terms, a spare) neither hide a
 * leader nor count as one. The host adds the rules for changes in flight and election storms (scenarios'
 * MembershipLiveness).
 *
 * <p>Both are judged on every event, with a FIFO of pending entries looked at from its head, and once more in
 * {@link #atEnd}. Per event the cost is O(1) amortised (O(cluster size) when some node's up state, role or term
 * changed). Each problem is reported once.
 */
public final class LivenessChecker implements SafetyChecker {
  private final LivenessConfig config;
  private int n = -1;
  private boolean started;

  // Per node, packed into one array (node k at st[k * STRIDE + field], booleans as 0/1) so that an event touches one
  // or two cache lines: see IncrementalChecker for why that matters.
  private static final int SEEN = 0;
  private static final int UP = 1;
  private static final int LEADER = 2;
  private static final int TERM = 3;
  private static final int INCARNATION = 4;
  private static final int LAST_INDEX = 5;
  private static final int APPENDED = 6; // this event: an up node's log grew within one incarnation
  private static final int COMMIT = 7;
  private static final int PROBE_COMMIT = 8; // commitIndex at the start of the catch-up window
  private static final int PROBE_INCARNATION = 9;
  private static final int MEMBERS = 10; // with membership: the node's configuration's members, as a bit set
  private static final int STRIDE = 11;
  private boolean membership;
  private int theLeader = -1; // with membership: the leader recomputeLeader found, -1 if none
  private long[] st;

  private long maxUpTerm;
  /** Some node's up state, role or term changed since maxUpTerm and leaderExists were computed. */
  private boolean leaderStale;
  private boolean leaderExists;
  private long lastLeaderAt = Long.MIN_VALUE;
  private long newestLeaderTerm = -1;
  // The catch-up window: when it started (NO_PROBE: none), the leader then and its commitIndex.
  private static final long NO_PROBE = Long.MIN_VALUE;
  private long probeAt = NO_PROBE;
  private int probeLeader;
  private long probeLeaderTerm;
  private int probeIndex;

  // Pending entries, oldest first, in a ring buffer.
  private int[] qIndex = new int[16];
  private int[] qNode = new int[16];
  private long[] qTerm = new long[16];
  private long[] qAt = new long[16];
  private int qHead;
  private int qSize;

  public LivenessChecker(LivenessConfig config) {
    this.config = config;
  }

  public LivenessConfig config() {
    return config;
  }

  @Override
  public Violation afterEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    return examine(v, eventIndex, timeMicros, touchedNode, false);
  }

  /**
   * The node's up state, incarnation, role and term are as last observed (see
   * {@link SafetyChecker#afterAppendEvent}), so they are taken from the record instead of re-read; its log length and
   * commit index, which may have moved, are read and judged as in {@link #afterEvent}.
   */
  @Override
  public Violation afterAppendEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    boolean hinted = config.enabled() && started && touchedNode >= 0 && touchedNode < n && up(touchedNode);
    return examine(v, eventIndex, timeMicros, touchedNode, hinted);
  }

  private Violation examine(ClusterView v, long eventIndex, long timeMicros, int touchedNode, boolean hinted) {
    if (!config.enabled()) {
      return null;
    }
    int size = v.size();
    if (n < 0) {
      init(v, size);
    } else if (size != n) {
      throw new IllegalStateException("cluster size changed from " + n + " to " + size);
    }
    if (touchedNode < -1 || touchedNode >= n) {
      throw new IllegalStateException("touched node " + touchedNode + " is not in 0.." + (n - 1) + " or -1");
    }
    boolean all = touchedNode == -1 || !started;
    started = true;
    int lo = all ? 0 : touchedNode;
    int hi = all ? n - 1 : touchedNode;
    boolean statusChanged = false;
    for (int k = lo; k <= hi; k++) {
      statusChanged |= observe(v, k, hinted);
    }
    if (timeMicros < config.healAtMicros()) {
      // Before the faults stop nothing is pending and nothing is judged: only the observations above matter, and
      // who leads is worked out when it is first needed.
      leaderStale |= statusChanged;
      return null;
    }
    if (statusChanged || leaderStale) {
      recomputeLeader();
    }
    for (int k = lo; k <= hi; k++) {
      if (appended(k) && leader(k) && (membership ? k == theLeader : term(k) == maxUpTerm)) {
        push(k, lastIndex(k), term(k), timeMicros);
      }
    }
    resolve(v, lo, hi);
    return judge(v, eventIndex, timeMicros);
  }

  /**
   * The node's up state, role, term and log length are as last observed, so observing it would change nothing and
   * it appended nothing; what still depends on this event is whether the node's (unchanged) commit index settles
   * the oldest pending entry, and the clock.
   */
  @Override
  public Violation afterUnchangedEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    if (!config.enabled()) {
      return null;
    }
    if (!started || touchedNode < 0 || touchedNode >= n || !up(touchedNode)) {
      return afterEvent(v, eventIndex, timeMicros, touchedNode);
    }
    set(touchedNode, APPENDED, false);
    if (timeMicros < config.healAtMicros()) {
      return null;
    }
    if (leaderStale) {
      recomputeLeader();
    }
    resolve(v, touchedNode, touchedNode);
    return judge(v, eventIndex, timeMicros);
  }

  /** This checker never reads a matchIndex: for it such an event left the node unchanged. */
  @Override
  public Violation afterMatchIndexEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode, int peer) {
    return afterUnchangedEvent(v, eventIndex, timeMicros, touchedNode);
  }

  @Override
  public Violation atEnd(ClusterView v, long eventIndex, long timeMicros) {
    if (!config.enabled() || n < 0) {
      return null;
    }
    if (leaderStale) {
      recomputeLeader();
    }
    resolve(v, 0, -1);
    return judge(v, eventIndex, timeMicros);
  }

  private void init(ClusterView v, int size) {
    membership = v.reportsMembership();
    n = size;
    st = new long[n * STRIDE];
  }

  /** Updates what is known of node k; returns whether its up state, role or term changed. */
  private boolean observe(ClusterView v, int k, boolean hinted) {
    set(k, APPENDED, false);
    boolean isUp = hinted || v.isUp(k);
    if (!isUp) {
      boolean changed = up(k);
      set(k, UP, false);
      return changed;
    }
    // (hinted: up, incarnation, role and term as recorded at the node's previous observation, which found it up)
    long inc = hinted ? incarnation(k) : v.incarnation(k);
    boolean isLeader = hinted ? leader(k) : v.role(k) == NodeRole.LEADER;
    long t = hinted ? term(k) : v.currentTerm(k);
    int li = v.lastIndex(k);
    boolean changed = !up(k) || leader(k) != isLeader || term(k) != t;
    // Only a leader's members matter, and they change only with its log: read them when it may have.
    if (membership && isLeader && (changed || !seen(k) || inc != incarnation(k) || li != lastIndex(k)
        || v.logChangedFrom(k) <= li)) {
      long members = v.voters(k) | v.learners(k) | v.jointOldVoters(k);
      changed |= members != st[k * STRIDE + MEMBERS];
      st[k * STRIDE + MEMBERS] = members;
    }
    set(k, APPENDED, seen(k) && inc == incarnation(k) && li > lastIndex(k));
    set(k, SEEN, true);
    set(k, UP, true);
    set(k, LEADER, isLeader);
    set(k, TERM, t);
    set(k, INCARNATION, inc);
    set(k, LAST_INDEX, li);
    set(k, COMMIT, v.commitIndex(k));
    if (isLeader && t > newestLeaderTerm) {
      newestLeaderTerm = t;
    }
    return changed;
  }

  private void recomputeLeader() {
    leaderStale = false;
    long max = -1;
    for (int k = 0; k < n; k++) {
      if (up(k) && term(k) > max) {
        max = term(k);
      }
    }
    maxUpTerm = max;
    if (membership) {
      recomputeMemberLeader();
      return;
    }
    leaderExists = false;
    for (int k = 0; k < n; k++) {
      if (up(k) && leader(k) && term(k) == max) {
        leaderExists = true;
      }
    }
  }

  /** The membership version: the leader with the highest term among those no up member of whose configuration is ahead. */
  private void recomputeMemberLeader() {
    theLeader = -1;
    for (int k = 0; k < n; k++) {
      if (!up(k) || !leader(k) || (theLeader >= 0 && term(k) <= term(theLeader))) {
        continue;
      }
      long members = st[k * STRIDE + MEMBERS];
      boolean ahead = false;
      for (int m = 0; m < n && !ahead; m++) {
        ahead = (members >>> m & 1) != 0 && up(m) && term(m) > term(k);
      }
      if (!ahead) {
        theLeader = k;
      }
    }
    leaderExists = theLeader >= 0;
  }

  private void push(int node, int index, long entryTerm, long at) {
    if (qSize == qIndex.length) {
      int[] newIndex = new int[qSize * 2];
      int[] newNode = new int[qSize * 2];
      long[] newTerm = new long[qSize * 2];
      long[] newAt = new long[qSize * 2];
      for (int i = 0; i < qSize; i++) {
        int from = (qHead + i) % qIndex.length;
        newIndex[i] = qIndex[from];
        newNode[i] = qNode[from];
        newTerm[i] = qTerm[from];
        newAt[i] = qAt[from];
      }
      qIndex = newIndex;
      qNode = newNode;
      qTerm = newTerm;
      qAt = newAt;
      qHead = 0;
    }
    int tail = (qHead + qSize) % qIndex.length;
    qIndex[tail] = index;
    qNode[tail] = node;
    qTerm[tail] = entryTerm;
    qAt[tail] = at;
    qSize++;
  }

  private void pop() {
    qHead = (qHead + 1) % qIndex.length;
    qSize--;
  }

  /** Drops pending entries that were committed (by an examined node lo..hi) or superseded by a newer leader. */
  private void resolve(ClusterView v, int lo, int hi) {
    while (qSize > 0) {
      int h = qHead;
      if (qTerm[h] < newestLeaderTerm) {
        pop();
        continue;
      }
      boolean committed = false;
      for (int k = lo; k <= hi && !committed; k++) {
        committed = up(k) && v.commitIndex(k) >= qIndex[h] && v.lastIndex(k) >= qIndex[h]
            && v.termAt(k, qIndex[h]) == qTerm[h];
      }
      if (!committed) {
        return;
      }
      pop();
    }
  }

  private Violation judge(ClusterView v, long eventIndex, long now) {
    long healAt = config.healAtMicros();
    if (now < healAt) {
      return null;
    }
    if (leaderExists) {
      lastLeaderAt = now;
    } else {
      long since = Math.max(lastLeaderAt, healAt);
      if (now - since > config.leaderBoundMicros()) {
        lastLeaderAt = now;
        List<Integer> upNodes = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          if (up(k)) {
            upNodes.add(k);
          }
        }
        String last = since == healAt ? "" : " (the last leader was seen at " + Text.ms(since) + ")";
        return new Violation(LIVENESS, "no leader for " + Text.ms(now - since) + " after faults stopped at "
            + Text.ms(healAt) + last + " (terms reached " + maxUpTerm + "; bound " + Text.ms(config.leaderBoundMicros())
            + ")", eventIndex, now, upNodes);
      }
    }
    if (qSize > 0 && now - qAt[qHead] > config.commitBoundMicros()) {
      int h = qHead;
      int node = qNode[h];
      int index = qIndex[h];
      long entryTerm = qTerm[h];
      long appendedAt = qAt[h];
      pop();
      String entry = up(node) && v.lastIndex(node) >= index && v.termAt(node, index) == entryTerm
          ? Text.entry(v, node, index)
          : "entry " + index + " of term " + entryTerm;
      int highestCommit = 0;
      for (int k = 0; k < n; k++) {
        if (up(k)) {
          highestCommit = Math.max(highestCommit, v.commitIndex(k));
        }
      }
      return new Violation(LIVENESS, entry + ", appended by leader " + v.name(node) + " at " + Text.ms(appendedAt)
          + ", was not committed by " + Text.ms(appendedAt + config.commitBoundMicros()) + " and no newer leader was"
          + " elected (highest commitIndex of up nodes: " + highestCommit + ")", eventIndex, now, List.of(node));
    }
    return catchUp(v, eventIndex, now);
  }

  /** The catch-up rule: O(1) per event, O(cluster size) once per window. */
  private Violation catchUp(ClusterView v, long eventIndex, long now) {
    if (!leaderExists) {
      probeAt = NO_PROBE;
      return null;
    }
    if (probeAt != NO_PROBE && now - probeAt <= config.commitBoundMicros()) {
      return null;
    }
    int leader = -1;
    for (int k = 0; k < n && !membership; k++) {
      if (up(k) && leader(k) && term(k) == maxUpTerm) {
        leader = k;
      }
    }
    if (membership) {
      leader = theLeader;
    }
    Violation found = null;
    if (probeAt != NO_PROBE && leader == probeLeader && term(leader) == probeLeaderTerm) {
      int target = Math.min(probeIndex, commit(leader));
      for (int k = 0; k < n && found == null; k++) {
        if (k != leader && up(k) && commit(k) < target && commit(k) == st[k * STRIDE + PROBE_COMMIT]
            && incarnation(k) == st[k * STRIDE + PROBE_INCARNATION] && member(v, leader, k)) {
          found = new Violation(LIVENESS, v.name(k) + " never caught up with leader " + v.name(leader) + ": its"
              + " commitIndex stayed at " + commit(k) + " from " + Text.ms(probeAt) + " to " + Text.ms(now) + ", "
              + (commit(leader) - commit(k)) + " entries behind the leader's commitIndex " + commit(leader)
              + " (faults stopped at " + Text.ms(config.healAtMicros()) + ")", eventIndex, now, List.of(k, leader));
        }
      }
    }
    probeAt = now;
    probeLeader = leader;
    probeLeaderTerm = term(leader);
    probeIndex = commit(leader);
    for (int k = 0; k < n; k++) {
      st[k * STRIDE + PROBE_COMMIT] = commit(k);
      st[k * STRIDE + PROBE_INCARNATION] = incarnation(k);
    }
    return found;
  }

  /**
   * Whether node k is in the leader's configuration (a voter, a learner, or C_old's voter while joint): a spare or a
   * removed server is not sent the log, so it need not catch up. Every node is, for a view without membership.
   */
  private static boolean member(ClusterView v, int leader, int k) {
    return !v.reportsMembership()
        || ((v.voters(leader) | v.learners(leader) | v.jointOldVoters(leader)) >>> k & 1) != 0;
  }

  private int commit(int k) {
    return (int) st[k * STRIDE + COMMIT];
  }

  private void set(int k, int field, long value) {
    st[k * STRIDE + field] = value;
  }

  private void set(int k, int field, boolean value) {
    st[k * STRIDE + field] = value ? 1 : 0;
  }

  private boolean seen(int k) {
    return st[k * STRIDE + SEEN] != 0;
  }

  private boolean up(int k) {
    return st[k * STRIDE + UP] != 0;
  }

  private boolean leader(int k) {
    return st[k * STRIDE + LEADER] != 0;
  }

  private long term(int k) {
    return st[k * STRIDE + TERM];
  }

  private long incarnation(int k) {
    return st[k * STRIDE + INCARNATION];
  }

  private int lastIndex(int k) {
    return (int) st[k * STRIDE + LAST_INDEX];
  }

  private boolean appended(int k) {
    return st[k * STRIDE + APPENDED] != 0;
  }

  /** For tests: entries appended after healAt and still waiting to commit. */
  int pendingEntries() {
    return qSize;
  }
}
