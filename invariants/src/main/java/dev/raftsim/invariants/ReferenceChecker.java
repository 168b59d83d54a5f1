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

import dev.raftsim.invariants.internal.Quorums;
import dev.raftsim.invariants.internal.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The same properties as {@link IncrementalChecker}, recomputed the slow and obvious way: every event it reads every
 * node's whole state, compares logs entry by entry and rescans all up nodes for every property, keeping only the
 * history the properties need (first leader per term, votes per term per node, every (index, term) -> log prefix ever
 * seen, the committed entries, the applied entries, each node's last observation). It exists to test the
 * incremental checker: for any history the two report the same invariants on the same event, up to the first
 * violation. (One shortcut: a log identical to the node's previous observation is not rescanned for LogMatching,
 * since every (index, term) in it is already recorded with its own prefix.)
 *
 * <p>Compacted logs: a node's entries at or below its snapshot base are read as the committed entries there (a
 * snapshot is a committed prefix, which is checked each time a new base is seen, with its state digest against
 * every other snapshot at that index); lastApplied must never go down within an incarnation.
 *
 * <p>Membership (only where the view reports it): the same rules as the incremental checker, recomputed per event by
 * scanning every leader's log for configuration entries, the whole chain of committed configurations and every
 * older-term leader's quorum.
 *
 * <p>It also enforces the host contract the incremental checker relies on and can only partly see: a node the event
 * did not touch must not change, untouched nodes carry no logChangedFrom mark, and a log never changes below its
 * mark. Breaking it throws IllegalStateException.
 */
public final class ReferenceChecker implements SafetyChecker {
  /** {@code config}: the entry carries a configuration (read only where the view reports membership). */
  private record Entry(long term, long digest, boolean config) {}

  /** A configuration: its voters and, while joint, C_old's voters (0 otherwise). */
  private record Config(long voters, long old) {}

  /** {@code match}: a leader's matchIndex per peer (its own slot 0) when the view reports it, else null. */
  private record Snapshot(long incarnation, NodeRole role, long term, int votedFor, List<Entry> log, int commitIndex,
      int lastApplied, List<Integer> match, int snapIndex, long snapTerm, long snapState, Config config,
      int configIndex, long configTerm) {}

  private record IndexTerm(int index, long term) {}

  private record Committed(Entry entry, long commitTerm, int by, long at) {}

  private record Applied(long digest, int by, long at) {}

  private ClusterView view;
  private long eventIndex;
  private long time;
  private int n = -1;
  private boolean started;
  private boolean[] upNow;
  private Snapshot[] lastUp; // the last observation while up, null if never seen up
  private long[] highestTerm;

  private final TreeMap<Long, Integer> leaderOfTerm = new TreeMap<>();
  private final TreeMap<Long, Long> leaderSince = new TreeMap<>();
  private final List<TreeMap<Long, Integer>> votes = new ArrayList<>();
  private final Map<IndexTerm, List<Entry>> prefixOf = new HashMap<>(); // lookups only, never iterated
  private final List<Committed> committed = new ArrayList<>(); // committed.get(i - 1) is index i
  private final TreeMap<Integer, Applied> appliedAt = new TreeMap<>();
  private final TreeMap<Integer, Applied> snapshotAt = new TreeMap<>(); // the first snapshot state seen per index

  private final ArrayList<Violation> found = new ArrayList<>();

  private boolean membership;
  private final Map<IndexTerm, Config> configOf = new HashMap<>(); // lookups only, never iterated
  private Config governing; // the committing node's configuration when the committed end was last extended
  private Config governingBefore; // and as last seen before that event

  @Override
  public Violation afterEvent(ClusterView v, long eventIndex, long timeMicros, int touchedNode) {
    int size = v.size();
    if (n < 0) {
      n = size;
      upNow = new boolean[n];
      lastUp = new Snapshot[n];
      highestTerm = new long[n];
      membership = v.reportsMembership();
      for (int k = 0; k < n; k++) {
        votes.add(new TreeMap<>());
      }
    } else if (size != n) {
      throw new IllegalStateException("cluster size changed from " + n + " to " + size);
    }
    if (touchedNode < -1 || touchedNode >= n) {
      throw new IllegalStateException("touched node " + touchedNode + " is not in 0.." + (n - 1) + " or -1");
    }
    view = v;
    this.eventIndex = eventIndex;
    this.time = timeMicros;
    found.clear();

    boolean[] up = new boolean[n];
    Snapshot[] now = new Snapshot[n];
    for (int k = 0; k < n; k++) {
      up[k] = v.isUp(k);
      if (up[k]) {
        now[k] = read(k);
      }
    }
    if (started) {
      checkHostContract(touchedNode, up, now);
    }
    started = true;

    for (int k = 0; k < n; k++) {
      if (up[k]) {
        nodeChecks(k, now[k], lastUp[k]);
      }
    }
    if (membership) {
      for (int k = 0; k < n; k++) {
        if (up[k] && now[k].role() == NodeRole.LEADER && (lastUp[k] == null
            || lastUp[k].incarnation() != now[k].incarnation() || lastUp[k].role() != NodeRole.LEADER
            || lastUp[k].term() != now[k].term())) {
          electedByQuorum(k, now[k], lastUp[k]);
        }
      }
    }
    int committedBefore = committed.size();
    for (int k = 0; k < n; k++) {
      if (up[k]) {
        commitAgreement(k, now[k]);
      }
    }
    boolean lost = false;
    for (int k = 0; k < n; k++) {
      if (up[k] && lastUp[k] != null && lostCommitted(lastUp[k].log(), now[k].log())) {
        lost = true;
      }
    }
    if (committed.size() > committedBefore || lost) {
      committedOnMajority(up, now);
    }
    for (int k = 0; k < n; k++) {
      if (up[k] && now[k].role() == NodeRole.LEADER) {
        leaderCompleteness(k, now[k]);
      }
    }
    if (membership) {
      membershipChecks(up, now);
    }
    for (int k = 0; k < n; k++) {
      if (up[k]) {
        applies(k, now[k], lastUp[k]);
      }
    }

    for (int k = 0; k < n; k++) {
      upNow[k] = up[k];
      if (up[k]) {
        lastUp[k] = now[k];
      }
    }
    view = null;
    if (found.isEmpty()) {
      return null;
    }
    found.sort(Comparator.comparingInt(x -> Checkers.rank(x.invariant())));
    return found.get(0);
  }

  /** Every violation the last event caused, in report order (empty if none). */
  public List<Violation> violationsOfLastEvent() {
    return List.copyOf(found);
  }

  private Snapshot read(int k) {
    ClusterView v = view;
    int last = v.lastIndex(k);
    int sb = v.snapshotIndex(k);
    List<Entry> log = new ArrayList<>(Math.max(0, last));
    for (int i = 1; i <= sb; i++) { // the snapshot's entries are the committed ones (checked in nodeChecks)
      log.add(i <= committed.size() ? committed.get(i - 1).entry() : new Entry(0, 0, false));
    }
    for (int i = sb + 1; i <= last; i++) {
      log.add(new Entry(v.termAt(k, i), v.entryDigest(k, i), membership && v.isConfigEntry(k, i)));
    }
    Config config = null;
    int configIndex = 0;
    long configTerm = 0;
    if (membership) {
      config = new Config(v.voters(k), v.jointOldVoters(k));
      configIndex = v.configIndex(k);
      configTerm = configIndex >= 1 && configIndex >= sb && configIndex <= last ? v.termAt(k, configIndex) : 0;
    }
    List<Integer> match = null;
    if (v.role(k) == NodeRole.LEADER && v.reportsLeaderProgress()) {
      List<Integer> m = new ArrayList<>();
      for (int p = 0; p < n; p++) {
        m.add(p == k ? 0 : v.matchIndex(k, p));
      }
      match = List.copyOf(m);
    }
    return new Snapshot(v.incarnation(k), v.role(k), v.currentTerm(k), v.votedFor(k), List.copyOf(log),
        v.commitIndex(k), v.lastApplied(k), match, sb, sb == 0 ? 0 : v.snapshotTerm(k), v.snapshotStateDigest(k),
        config, configIndex, configTerm);
  }

  /** Whether a log that was {@code before} no longer holds, unchanged, one of the committed entries it held. */
  private boolean lostCommitted(List<Entry> before, List<Entry> after) {
    int upTo = Math.min(before.size(), committed.size());
    for (int i = 1; i <= upTo; i++) {
      if (i > after.size() || !after.get(i - 1).equals(before.get(i - 1))) {
        return true;
      }
    }
    return false;
  }

  private void checkHostContract(int touched, boolean[] up, Snapshot[] now) {
    ClusterView v = view;
    for (int k = 0; k < n; k++) {
      boolean examined = touched == -1 || touched == k;
      if (!examined) {
        if (up[k] != upNow[k]) {
          throw new IllegalStateException(v.name(k) + " went " + (up[k] ? "up" : "down") + " in an event that touched "
              + v.name(touched) + " only");
        }
        if (up[k] && !now[k].equals(lastUp[k])) {
          throw new IllegalStateException(v.name(k) + " changed in an event that touched " + v.name(touched)
              + " only: " + lastUp[k] + " -> " + now[k]);
        }
        if (up[k] && v.logChangedFrom(k) != now[k].log().size() + 1) {
          throw new IllegalStateException(v.name(k) + " is untouched but its logChangedFrom is " + v.logChangedFrom(k));
        }
        continue;
      }
      if (!up[k] || lastUp[k] == null) {
        continue;
      }
      Snapshot before = lastUp[k];
      Snapshot after = now[k];
      int changedFrom = v.logChangedFrom(k);
      if (changedFrom < 1 || changedFrom > after.log().size() + 1) {
        throw new IllegalStateException(v.name(k) + "'s logChangedFrom " + changedFrom + " is outside 1.."
            + (after.log().size() + 1));
      }
      if (after.incarnation() < before.incarnation()) {
        throw new IllegalStateException(v.name(k) + "'s incarnation went down");
      }
      if (changedFrom <= after.snapIndex()) {
        throw new IllegalStateException(v.name(k) + "'s logChangedFrom " + changedFrom + " is inside its snapshot");
      }
      if (after.incarnation() != before.incarnation()) {
        if (changedFrom != after.snapIndex() + 1) {
          throw new IllegalStateException(v.name(k) + " restarted but its logChangedFrom is " + changedFrom);
        }
        continue;
      }
      // A new snapshot base may replace everything below it (an install); above it the mark must hold.
      int unmarkedFrom = after.snapIndex() != before.snapIndex() ? after.snapIndex() + 1 : 1;
      for (int i = unmarkedFrom; i < changedFrom; i++) {
        if (i > before.log().size() || !before.log().get(i - 1).equals(after.log().get(i - 1))) {
          throw new IllegalStateException(v.name(k) + "'s log changed at index " + i + ", below its logChangedFrom "
              + changedFrom);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  private void nodeChecks(int k, Snapshot s, Snapshot before) {
    ClusterView v = view;
    boolean sameIncarnation = before != null && before.incarnation() == s.incarnation();

    if (before != null && s.term() < highestTerm[k]) {
      report(TERM_MONOTONIC, v.name(k) + "'s currentTerm went down from " + highestTerm[k] + " to " + s.term(), k);
    }
    highestTerm[k] = Math.max(highestTerm[k], s.term());

    if (s.votedFor() >= 0) {
      Integer earlier = votes.get(k).get(s.term());
      if (earlier == null) {
        votes.get(k).put(s.term(), s.votedFor());
      } else if (earlier != s.votedFor()) {
        report(SINGLE_VOTE_PER_TERM, v.name(k) + " voted for " + v.name(s.votedFor()) + " in term " + s.term()
            + " after voting for " + v.name(earlier) + " in that term", k, s.votedFor(), earlier);
      }
    }

    boolean isLeader = s.role() == NodeRole.LEADER;
    if (isLeader) {
      Integer first = leaderOfTerm.get(s.term());
      if (first == null) {
        leaderOfTerm.put(s.term(), k);
        leaderSince.put(s.term(), time);
      } else if (first != k) {
        report(ELECTION_SAFETY, v.name(k) + " is leader of term " + s.term() + ", but " + v.name(first)
            + " was leader of that term first, since " + Text.ms(leaderSince.get(s.term())), k, first);
      }
    }

    if (isLeader && sameIncarnation && before.role() == NodeRole.LEADER && before.term() == s.term()
        && s.match() != null && before.match() != null) {
      for (int p = 0; p < n; p++) {
        if (s.match().get(p) < before.match().get(p)) {
          report(MATCH_INDEX_MONOTONIC, v.name(k) + ", leader of term " + s.term() + ", lowered its matchIndex for "
              + v.name(p) + " from " + before.match().get(p) + " to " + s.match().get(p), k, p);
          break;
        }
      }
    }

    if (isLeader && sameIncarnation && before.role() == NodeRole.LEADER && before.term() == s.term()) {
      List<Entry> old = before.log();
      List<Entry> cur = s.log();
      if (cur.size() < old.size() || !cur.subList(0, old.size()).equals(old)) {
        report(LEADER_APPEND_ONLY, v.name(k) + ", leader of term " + s.term() + ", changed its log from " + old.size()
            + " entries to " + cur.size() + " without only appending", k);
      }
    }

    // A log seen before unchanged needs no rescan: each of its (index, term) keys is already in the map with its own
    // prefix, so any later different prefix for one of them was caught when that one was added.
    List<Entry> log = s.log();
    boolean conflict = false;
    boolean unchanged = before != null && before.log().equals(log);
    for (int i = 1; i <= log.size() && !unchanged; i++) {
      IndexTerm key = new IndexTerm(i, log.get(i - 1).term());
      List<Entry> mine = log.subList(0, i);
      List<Entry> first = prefixOf.get(key);
      if (first == null) {
        prefixOf.put(key, List.copyOf(mine));
      } else if (!conflict && !first.equals(mine)) {
        conflict = true;
        report(LOG_MATCHING, v.name(k) + " holds entry " + i + " of term " + key.term()
            + ", but a log seen earlier held entry " + i + " of term " + key.term() + " after different entries", k);
      }
    }

    if (s.commitIndex() > log.size()) {
      report(COMMIT_INDEX_BOUNDED, v.name(k) + "'s commitIndex " + s.commitIndex() + " is beyond its last log index "
          + log.size(), k);
    }
    if (sameIncarnation && s.commitIndex() < before.commitIndex()) {
      report(COMMIT_INDEX_MONOTONIC, v.name(k) + "'s commitIndex went down from " + before.commitIndex() + " to "
          + s.commitIndex(), k);
    }
    if (sameIncarnation && s.lastApplied() < before.lastApplied()) {
      report(STATE_MACHINE_SAFETY, v.name(k) + "'s lastApplied went down from " + before.lastApplied() + " to "
          + s.lastApplied(), k);
    }
    if (membership) {
      configChecks(k, s, before, sameIncarnation);
    }
    int sb = s.snapIndex();
    if (sb > 0 && (!sameIncarnation || before.snapIndex() != sb)) {
      if (sb > committed.size() || committed.get(sb - 1).entry().term() != s.snapTerm()) {
        report(STATE_MACHINE_SAFETY, v.name(k) + "'s snapshot through " + sb + " is not a committed prefix", k);
      }
      if (s.snapState() != 0) {
        Applied first = snapshotAt.get(sb);
        if (first == null) {
          snapshotAt.put(sb, new Applied(s.snapState(), k, time));
        } else if (first.digest() != s.snapState()) {
          report(STATE_MACHINE_SAFETY, v.name(k) + "'s snapshot through " + sb + " differs in state from "
              + v.name(first.by()) + "'s", k, first.by());
        }
      }
    }
  }

  private void commitAgreement(int k, Snapshot s) {
    List<Entry> log = s.log();
    int upTo = Math.min(s.commitIndex(), log.size());
    int shared = Math.min(upTo, committed.size());
    for (int i = 1; i <= shared; i++) {
      if (!log.get(i - 1).equals(committed.get(i - 1).entry())) {
        report(STATE_MACHINE_SAFETY, view.name(k) + " has committed entry " + i + " (term " + log.get(i - 1).term()
            + "), but a different entry was committed at index " + i + " by " + view.name(committed.get(i - 1).by()),
            k, committed.get(i - 1).by());
        return;
      }
    }
    if (upTo > committed.size() && membership) {
      governing = s.config();
      governingBefore = lastUp[k] == null ? s.config() : lastUp[k].config();
    }
    for (int i = committed.size() + 1; i <= upTo; i++) {
      committed.add(new Committed(log.get(i - 1), s.term(), k, time));
    }
  }

  private void committedOnMajority(boolean[] up, Snapshot[] now) {
    if (membership) {
      committedOnQuorum(up, now);
      return;
    }
    int c = committed.size();
    List<Integer> holders = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      Snapshot s = up[j] ? now[j] : lastUp[j];
      List<Entry> log = s == null ? List.of() : s.log();
      if (holdsCommitted(log, c)) {
        holders.add(j);
      }
    }
    if (holders.size() < n / 2 + 1) {
      report(COMMITTED_ON_MAJORITY, "entry " + c + ", committed by " + view.name(committed.get(c - 1).by())
          + ", is held by only " + holders.size() + " of " + n + " nodes", holders);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Membership.

  private static boolean isLeader(Snapshot s) {
    return s.role() == NodeRole.LEADER;
  }

  private static boolean quorum(long set, Config c) {
    return Quorums.isQuorum(set, c.voters(), c.old());
  }

  private void configChecks(int k, Snapshot s, Snapshot before, boolean sameIncarnation) {
    ClusterView v = view;
    int latest = -1;
    for (int i = s.log().size(); i > s.snapIndex() && latest < 0; i--) {
      if (s.log().get(i - 1).config()) {
        latest = i;
      }
    }
    int ci = s.configIndex();
    if (latest >= 0 ? ci != latest : ci < 0 || ci > s.snapIndex()) {
      report(CONFIG_FROM_LOG, v.name(k) + "'s configuration comes from index " + ci + ", not from the latest"
          + " configuration entry of its log", k);
    }
    IndexTerm key = null;
    if (ci == 0 && s.snapIndex() == 0) {
      key = new IndexTerm(0, 0);
    } else if (ci >= 1 && ci >= s.snapIndex() && ci <= s.log().size()) {
      key = new IndexTerm(ci, s.configTerm());
    }
    if (key != null) {
      configOf.putIfAbsent(key, s.config());
    }
    if (sameIncarnation && isLeader(s) && isLeader(before) && s.term() == before.term()
        && !s.config().equals(before.config())) {
      Config a = before.config();
      Config b = s.config();
      if (Quorums.disjointQuorums(a.voters(), a.old(), b.voters(), b.old()) != null) {
        report(CONFIG_QUORUMS_OVERLAP, v.name(k) + ", leader of term " + s.term() + ", moved between configurations"
            + " with disjoint quorums", k);
      }
    }
  }

  private void electedByQuorum(int k, Snapshot s, Snapshot before) {
    long granted = 0;
    for (int j = 0; j < n; j++) {
      Integer vote = votes.get(j).get(s.term());
      if (vote != null && vote == k) {
        granted |= 1L << j;
      }
    }
    Config was = before == null ? s.config() : before.config();
    if (!quorum(granted, s.config()) && !quorum(granted, was)) {
      report(LEADER_ELECTED_BY_QUORUM, view.name(k) + " became leader of term " + s.term() + " without a quorum of"
          + " votes", k);
    }
  }

  private void committedOnQuorum(boolean[] up, Snapshot[] now) {
    int c = committed.size();
    long holders = 0;
    List<Integer> who = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      Snapshot s = up[j] ? now[j] : lastUp[j];
      if (holdsCommitted(s == null ? List.of() : s.log(), c)) {
        holders |= 1L << j;
        who.add(j);
      }
    }
    boolean half = view.halfCommitQuorumWhenEven();
    if (!Quorums.isCommitQuorum(holders, governing.voters(), governing.old(), half)
        && !Quorums.isCommitQuorum(holders, governingBefore.voters(), governingBefore.old(), half)) {
      report(COMMITTED_ON_MAJORITY, "entry " + c + " is not held by a quorum of its committer's configuration", who);
    }
  }

  private void membershipChecks(boolean[] up, Snapshot[] now) {
    for (int k = 0; k < n; k++) {
      if (!up[k] || !isLeader(now[k])) {
        continue;
      }
      Snapshot before = lastUp[k];
      boolean singleStep = before != null && before.incarnation() == now[k].incarnation() && isLeader(before)
          && before.term() == now[k].term() && before.config().old() == 0 && now[k].config().old() == 0
          && Long.bitCount(before.config().voters() ^ now[k].config().voters()) == 1;
      long lastCommittedTerm = committed.isEmpty() ? 0 : committed.get(committed.size() - 1).entry().term();
      if (singleStep && lastCommittedTerm < now[k].term()) {
        report(ONE_CONFIG_CHANGE_IN_FLIGHT, view.name(k) + " made a single-server change before committing an entry"
            + " of its term", k);
      }
      int above = 0;
      List<Entry> log = now[k].log();
      for (int i = committed.size() + 1; i <= log.size(); i++) {
        if (log.get(i - 1).config()) {
          above++;
        }
      }
      if (above >= 2) {
        report(ONE_CONFIG_CHANGE_IN_FLIGHT, view.name(k) + " leads with " + above + " uncommitted configurations", k);
      }
    }
    // The committed configurations, in order, each against the one before it (where both contents were seen).
    Config previous = configOf.get(new IndexTerm(0, 0));
    boolean reported = false;
    for (int i = 1; i <= committed.size() && !reported; i++) {
      Entry e = committed.get(i - 1).entry();
      if (!e.config()) {
        continue;
      }
      Config c = configOf.get(new IndexTerm(i, e.term()));
      if (previous != null && c != null
          && Quorums.disjointQuorums(previous.voters(), previous.old(), c.voters(), c.old()) != null) {
        reported = true;
        report(CONFIG_QUORUMS_OVERLAP, "the configuration committed at index " + i + " does not overlap the one"
            + " before it", committed.get(i - 1).by());
      }
      previous = c;
    }
    // Leaders of terms below the highest leader term must have lost every quorum of their configuration.
    long newest = leaderOfTerm.isEmpty() ? -1 : leaderOfTerm.lastKey();
    for (int j = 0; j < n; j++) {
      if (!up[j] || !isLeader(now[j]) || now[j].term() >= newest) {
        continue;
      }
      long fresh = 0;
      for (int m = 0; m < n; m++) {
        Snapshot s = up[m] ? now[m] : lastUp[m];
        if ((s == null ? 0 : s.term()) <= now[j].term()) {
          fresh |= 1L << m;
        }
      }
      if (quorum(fresh, now[j].config())) {
        report(CONFIG_QUORUMS_OVERLAP, view.name(j) + " still leads term " + now[j].term() + " with a quorum after"
            + " term " + newest + " elected " + view.name(leaderOfTerm.get(newest)), j, leaderOfTerm.get(newest));
        break;
      }
    }
  }

  private void leaderCompleteness(int k, Snapshot s) {
    // The committed entries a leader of term T must hold: the longest committed prefix committed before T.
    int mustHold = 0;
    long maxCommitTerm = 0;
    for (int i = 1; i <= committed.size(); i++) {
      maxCommitTerm = Math.max(maxCommitTerm, committed.get(i - 1).commitTerm());
      if (maxCommitTerm >= s.term()) {
        break;
      }
      mustHold = i;
    }
    if (!holdsCommitted(s.log(), mustHold)) {
      report(LEADER_COMPLETENESS, view.name(k) + ", leader of term " + s.term() + ", lacks some of committed entries 1.."
          + mustHold, k);
    }
  }

  private boolean holdsCommitted(List<Entry> log, int upTo) {
    if (log.size() < upTo) {
      return false;
    }
    for (int i = 1; i <= upTo; i++) {
      if (!log.get(i - 1).equals(committed.get(i - 1).entry())) {
        return false;
      }
    }
    return true;
  }

  private void applies(int k, Snapshot s, Snapshot before) {
    ClusterView v = view;
    if (s.lastApplied() > s.commitIndex()) {
      report(APPLIED_COMMITTED, v.name(k) + " applied up to " + s.lastApplied() + " beyond its commitIndex "
          + s.commitIndex(), k);
    }
    boolean sameIncarnation = before != null && before.incarnation() == s.incarnation();
    int from = Math.max(sameIncarnation ? before.lastApplied() + 1 : 1, s.snapIndex() + 1);
    int to = Math.min(s.lastApplied(), s.log().size());
    boolean reported = false;
    for (int i = from; i <= to; i++) {
      long digest = s.log().get(i - 1).digest();
      Applied earlier = appliedAt.get(i);
      if (earlier == null) {
        appliedAt.put(i, new Applied(digest, k, time));
      } else if (!reported && earlier.digest() != digest) {
        reported = true;
        report(STATE_MACHINE_SAFETY, v.name(k) + " applied entry " + i + " but " + v.name(earlier.by())
            + " applied a different one there", k, earlier.by());
      }
      if (!reported && i <= committed.size() && committed.get(i - 1).entry().digest() != digest) {
        reported = true;
        report(STATE_MACHINE_SAFETY, v.name(k) + " applied entry " + i + ", which is not the committed one", k);
      }
    }
  }

  private void report(String invariant, String message, int... nodes) {
    List<Integer> ids = new ArrayList<>();
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
