package dev.raftsim.invariants;

import dev.raftsim.invariants.FakeCluster.Entry;
import dev.raftsim.invariants.FakeCluster.Node;

/**
 * Random Raft-like histories over a {@link FakeCluster}. The clean steps are Raft with a global view (votes with the
 * up-to-date check, AppendEntries with consistency check and conflict truncation, commit by majority of the current
 * term, apply, crash and restart with persistent state), so a clean history must never trip a safety checker.
 * With corruption on, a step occasionally does one of the classic bugs instead (vote twice, skip the up-to-date
 * check, commit an older term's entry by counting, commit without a majority, truncate matching entries, commit
 * beyond the match, forget the vote or lose entries on restart, lower a term or commitIndex, rewrite a log, ...).
 *
 * <p>With membership on (a cluster with spare servers), leaders also change the configuration one step at a time
 * (add a learner, promote it, add or remove a voter, enter and leave joint consensus), only once the previous change
 * committed and an entry of their own term committed; elections and commitment then need a quorum of the configuration
 * in effect (both majorities while joint). Its corruptions: a change while another is uncommitted, a change before an
 * own-term commit (the 2015 bug), a direct change to a disjoint voter set, a configuration that takes effect on commit,
 * counting only the new majority while joint.
 *
 * <p>Changes are applied to the cluster at once; the check happens per change with the changed node as touched, or,
 * now and then, after two changes together (or a single one) with touched = -1.
 */
final class HistoryGenerator {
  /** Receives each event; returns true to stop the history. */
  interface Sink {
    boolean afterEvent(FakeCluster cluster, int touched);
  }

  private static final int MAX_LOG = 24;

  private final SplitMix64 rng;
  private final FakeCluster c;
  private final int n;
  private final int majority;
  private final int corruptPermille;
  private final Sink sink;
  private final int[] votesGranted; // bitmask of voters for each node's current candidacy
  private final boolean membership;
  private int configChanges;
  private int commands;
  private int pendingCount;
  private int pendingTouched;
  private boolean stopped;

  HistoryGenerator(long seed, int size, int corruptPermille, Sink sink) {
    this(seed, size, -1, corruptPermille, sink);
  }

  /** {@code initialVoters} >= 0 turns membership on (nodes outside it start as spares). */
  HistoryGenerator(long seed, int size, long initialVoters, int corruptPermille, Sink sink) {
    this.membership = initialVoters >= 0;
    this.rng = new SplitMix64(seed);
    this.c = new FakeCluster(size, initialVoters);
    this.n = size;
    this.majority = size / 2 + 1;
    this.corruptPermille = corruptPermille;
    this.sink = sink;
    this.votesGranted = new int[size];
  }

  FakeCluster cluster() {
    return c;
  }

  /** How many configuration entries leaders appended. */
  int configChanges() {
    return configChanges;
  }

  /** Runs up to the given number of steps, or until the sink says stop. */
  void run(int steps) {
    for (int s = 0; s < steps && !stopped; s++) {
      step();
    }
    flush();
  }

  private void emit(int touched, Runnable change) {
    change.run();
    pendingTouched = pendingCount == 0 || pendingTouched == touched ? touched : -1;
    pendingCount++;
    if (pendingCount < 2 && rng.percent(8)) {
      return; // held back: checked together with the next change
    }
    flush();
  }

  private void flush() {
    if (pendingCount == 0 || stopped) {
      pendingCount = 0;
      return;
    }
    int touched = rng.percent(3) ? -1 : pendingTouched;
    pendingCount = 0;
    stopped = sink.afterEvent(c, touched);
    c.clearMarks();
  }

  private boolean corrupt() {
    return corruptPermille > 0 && rng.permille(corruptPermille);
  }

  private Node node(int k) {
    return c.node(k);
  }

  private int randomUp() {
    int start = rng.below(n);
    for (int i = 0; i < n; i++) {
      int k = (start + i) % n;
      if (node(k).up) {
        return k;
      }
    }
    return -1;
  }

  private int randomWithRole(NodeRole role) {
    int start = rng.below(n);
    for (int i = 0; i < n; i++) {
      int k = (start + i) % n;
      if (node(k).up && node(k).role == role) {
        return k;
      }
    }
    return -1;
  }

  private Entry newEntry(long term) {
    return FakeCluster.entry(term, "put k" + rng.below(4) + "=" + (++commands));
  }

  private void step() {
    if (membership && rng.percent(7)) {
      changeConfig();
      return;
    }
    int roll = rng.below(100);
    if (roll < 6) {
      timeout();
    } else if (roll < 22) {
      requestVote();
    } else if (roll < 30) {
      becomeLeader();
    } else if (roll < 42) {
      clientAppend();
    } else if (roll < 72) {
      appendEntries();
    } else if (roll < 84) {
      leaderCommit();
    } else if (roll < 92) {
      apply();
    } else if (roll < 94) {
      crash();
    } else if (roll < 99) {
      restart();
    } else if (corruptPermille > 0 && rng.percent(corruptPermille / 2)) {
      vandalize();
    }
  }

  private void timeout() {
    int k = randomUp();
    if (k < 0 || node(k).role == NodeRole.LEADER) {
      return;
    }
    if (membership && !isVoter(node(k).config(), k) && !corrupt()) {
      return; // learners and spares never campaign
    }
    int leader = randomWithRole(NodeRole.LEADER);
    if (leader >= 0 && node(leader).term >= node(k).term && !rng.percent(15)) {
      return; // heartbeats from a live leader usually keep followers from timing out
    }
    votesGranted[k] = 1 << k;
    emit(k, () -> {
      Node x = node(k);
      x.term++;
      x.votedFor = k;
      x.role = NodeRole.CANDIDATE;
    });
  }

  private static boolean upToDate(Node candidate, Node voter) {
    long ct = candidate.termAt(candidate.last());
    long vt = voter.termAt(voter.last());
    return ct > vt || (ct == vt && candidate.last() >= voter.last());
  }

  private void requestVote() {
    int cand = randomWithRole(NodeRole.CANDIDATE);
    int v = randomUp();
    if (cand < 0 || v < 0 || v == cand) {
      return;
    }
    Node cn = node(cand);
    Node vn = node(v);
    if (vn.term > cn.term) {
      emit(cand, () -> { // the candidate learns of a newer term and steps down
        cn.term = vn.term;
        cn.votedFor = -1;
        cn.role = NodeRole.FOLLOWER;
      });
      return;
    }
    boolean ignoreVote = corrupt(); // forgets it already voted this term
    boolean ignoreLog = corrupt(); // skip-up-to-date-check
    boolean grant = (vn.term < cn.term || vn.votedFor == -1 || vn.votedFor == cand || ignoreVote)
        && (upToDate(cn, vn) || ignoreLog);
    if (vn.term == cn.term && !grant) {
      return;
    }
    emit(v, () -> {
      if (cn.term > vn.term) {
        vn.term = cn.term;
        vn.votedFor = -1;
        vn.role = NodeRole.FOLLOWER;
      }
      if (grant) {
        vn.votedFor = cand;
        vn.role = NodeRole.FOLLOWER;
      }
    });
    if (grant) {
      votesGranted[cand] |= 1 << v;
    }
  }

  private void becomeLeader() {
    int cand = randomWithRole(NodeRole.CANDIDATE);
    if (cand < 0) {
      return;
    }
    boolean won = membership ? isQuorum(votesGranted[cand], node(cand).config())
        : Integer.bitCount(votesGranted[cand]) >= majority;
    if (!won && !corrupt()) {
      return;
    }
    boolean noop = rng.percent(50) && node(cand).last() < MAX_LOG;
    emit(cand, () -> {
      Node x = node(cand);
      x.role = NodeRole.LEADER;
      java.util.Arrays.fill(x.match, 0);
      if (noop) {
        x.append(FakeCluster.entry(x.term, "no-op"));
      }
    });
  }

  private void clientAppend() {
    int l = randomWithRole(NodeRole.LEADER);
    if (l < 0 || node(l).last() >= MAX_LOG) {
      return; // short logs keep the brute-force reference checker fast; length adds nothing to agreement
    }
    int count = rng.between(1, 2);
    emit(l, () -> {
      Node x = node(l);
      for (int i = 0; i < count; i++) {
        x.append(newEntry(x.term));
      }
    });
  }

  private void appendEntries() {
    int l = randomWithRole(NodeRole.LEADER);
    int f = randomUp();
    if (l < 0 || f < 0 || f == l) {
      return;
    }
    Node ln = node(l);
    Node fn = node(f);
    if (fn.term > ln.term) {
      emit(l, () -> {
        ln.term = fn.term;
        ln.votedFor = -1;
        ln.role = NodeRole.FOLLOWER;
      });
      return;
    }
    // prevLogIndex: any position where the follower's entry has the leader's term (or 0).
    int shared = Math.min(ln.last(), fn.last());
    int matches = 0;
    for (int i = 1; i <= shared; i++) {
      if (fn.termAt(i) == ln.termAt(i)) {
        matches++;
      }
    }
    int pick = rng.below(matches + 1);
    int prev = 0;
    for (int i = 1; i <= shared && pick > 0; i++) {
      if (fn.termAt(i) == ln.termAt(i)) {
        prev = i;
        pick--;
      }
    }
    int last = rng.between(prev, ln.last());
    boolean truncateAll = corrupt(); // truncate-on-stale-append
    boolean unboundedCommit = corrupt(); // commit-beyond-match
    boolean staleMatch = corrupt(); // match-from-stale-reply: a reordered old reply sets matchIndex
    int p = prev;
    emit(f, () -> {
      if (ln.term > fn.term) {
        fn.term = ln.term;
        fn.votedFor = -1;
      }
      fn.role = NodeRole.FOLLOWER;
      if (truncateAll && fn.last() > p) {
        fn.truncateFrom(p + 1);
      }
      for (int i = p + 1; i <= last; i++) {
        Entry e = ln.at(i);
        if (i > fn.last()) {
          fn.append(e);
        } else if (fn.termAt(i) != e.term()) {
          fn.truncateFrom(i);
          fn.append(e);
        }
      }
      int commit = unboundedCommit ? ln.commit : Math.min(ln.commit, last);
      if (commit > fn.commit) {
        fn.commit = commit;
      }
    });
    // The reply reaches the leader (still leading the same term) as a separate event.
    if (ln.up && ln.role == NodeRole.LEADER && ln.term >= fn.term && (last > ln.match[f] || staleMatch)) {
      int reported = staleMatch ? rng.below(last + 1) : last;
      if (reported != ln.match[f]) {
        emit(l, () -> ln.match[f] = staleMatch ? reported : Math.max(ln.match[f], reported));
      }
    }
  }

  private void leaderCommit() {
    int l = randomWithRole(NodeRole.LEADER);
    if (l < 0) {
      return;
    }
    Node ln = node(l);
    boolean anyTerm = corrupt(); // figure8-commit
    boolean noMajority = corrupt();
    boolean newMajorityOnly = membership && corrupt(); // while joint, counts C_new only
    int target = ln.commit;
    for (int i = ln.last(); i > ln.commit; i--) {
      if (ln.termAt(i) != ln.term && !anyTerm) {
        continue;
      }
      int holders = 0;
      long holderSet = 0;
      for (int j = 0; j < n; j++) {
        if (node(j).last() >= i && node(j).termAt(i) == ln.termAt(i)) {
          holders++;
          holderSet |= 1L << j;
        }
      }
      FakeCluster.Config lc = membership ? ln.config() : null;
      boolean enough = !membership ? holders >= majority
          : newMajorityOnly ? isQuorum(holderSet, new FakeCluster.Config(lc.voters(), 0, 0)) : isQuorum(holderSet, lc);
      if (enough || noMajority) {
        target = i;
        break;
      }
    }
    if (target > ln.commit) {
      int t = target;
      emit(l, () -> ln.commit = t);
    }
  }

  private void apply() {
    int k = randomUp();
    if (k < 0) {
      return;
    }
    Node x = node(k);
    int to = corrupt() ? Math.min(x.last(), x.commit + 1) : rng.between(x.applied, Math.max(x.applied, x.commit));
    if (to > x.applied) {
      emit(k, () -> x.applied = to);
    }
  }

  private void crash() {
    int k = randomUp();
    if (k < 0) {
      return;
    }
    votesGranted[k] = 0;
    // A crash is never merged with an earlier change: what a node wrote before crashing must be seen while it is up,
    // as a host that checks after every event guarantees.
    flush();
    emit(k, () -> node(k).crash());
  }

  private void restart() {
    int start = rng.below(n);
    for (int i = 0; i < n; i++) {
      int k = (start + i) % n;
      Node x = node(k);
      if (!x.up) {
        boolean forgetVote = corrupt();
        boolean loseEntries = corrupt() && x.last() > 0;
        int keep = loseEntries ? rng.below(x.last()) : x.last();
        emit(k, () -> {
          x.restart();
          if (forgetVote) {
            x.votedFor = -1;
          }
          if (keep < x.last()) {
            x.truncateFrom(keep + 1); // ack-before-persist: acknowledged entries were never durable
          }
        });
        return;
      }
    }
  }

  private static boolean isVoter(FakeCluster.Config cfg, int k) {
    return ((cfg.voters() | cfg.old()) & (1L << k)) != 0;
  }

  private static boolean isQuorum(long set, FakeCluster.Config cfg) {
    return 2 * Long.bitCount(set & cfg.voters()) > Long.bitCount(cfg.voters())
        && (cfg.old() == 0 || 2 * Long.bitCount(set & cfg.old()) > Long.bitCount(cfg.old()));
  }

  /** One configuration step by a leader (see the class comment). */
  private void changeConfig() {
    int l = randomWithRole(NodeRole.LEADER);
    if (l < 0 || node(l).last() >= MAX_LOG) {
      return;
    }
    Node x = node(l);
    FakeCluster.Config cur = x.config();
    boolean pending = false;
    for (int i = x.commit + 1; i <= x.last(); i++) {
      pending |= x.at(i).cfg() != null;
    }
    boolean ownTermCommitted = false;
    for (int i = 1; i <= x.commit; i++) {
      ownTermCommitted |= x.termAt(i) == x.term;
    }
    boolean ignorePending = corrupt(); // a second change while one is uncommitted
    boolean ignoreOwnTerm = corrupt(); // the 2015 bug
    boolean direct = corrupt(); // a direct change to any voter set
    boolean onCommit = corrupt(); // the configuration takes effect on commit
    if ((pending && !ignorePending) || (!ownTermCommitted && !ignoreOwnTerm)) {
      return;
    }
    long all = (1L << n) - 1;
    long voters = cur.voters();
    long learners = cur.learners();
    FakeCluster.Config next;
    if (direct) {
      long v = rng.below((int) all) + 1L;
      next = new FakeCluster.Config(v, 0, learners & ~v);
    } else if (cur.joint()) {
      next = new FakeCluster.Config(voters, 0, learners);
    } else {
      long spares = all & ~voters & ~learners;
      switch (rng.below(5)) {
        case 0: { // add a learner
          if (spares == 0) {
            return;
          }
          long bit = pick(spares);
          next = new FakeCluster.Config(voters, 0, learners | bit);
          break;
        }
        case 1: { // promote a learner
          if (learners == 0) {
            return;
          }
          long bit = pick(learners);
          next = new FakeCluster.Config(voters | bit, 0, learners & ~bit);
          break;
        }
        case 2: { // add a voter directly
          if (spares == 0) {
            return;
          }
          next = new FakeCluster.Config(voters | pick(spares), 0, learners);
          break;
        }
        case 3: { // remove a voter or a learner
          long members = voters | learners;
          if (Long.bitCount(voters) <= 1) {
            return;
          }
          long bit = pick(members);
          next = new FakeCluster.Config(voters & ~bit, 0, learners & ~bit);
          break;
        }
        default: { // replace the voters through joint consensus
          long v = rng.below((int) all) + 1L;
          if (v == voters) {
            return;
          }
          next = new FakeCluster.Config(v, voters, learners & ~v);
          break;
        }
      }
    }
    FakeCluster.Config cfg = next;
    configChanges++;
    emit(l, () -> {
      if (onCommit) {
        x.configOnCommit = true;
      }
      x.append(FakeCluster.configEntry(x.term, cfg));
    });
  }

  private long pick(long set) {
    int count = Long.bitCount(set);
    int skip = rng.below(count);
    long rest = set;
    for (int i = 0; i < skip; i++) {
      rest &= rest - 1;
    }
    return rest & -rest;
  }

  /** Direct damage to one node. */
  private void vandalize() {
    int k = randomUp();
    if (k < 0) {
      return;
    }
    Node x = node(k);
    switch (rng.below(7)) {
      case 0:
        if (x.term > 0) {
          emit(k, () -> x.term--);
        }
        break;
      case 1:
        if (x.commit > 0) {
          emit(k, () -> x.commit--);
        }
        break;
      case 2:
        emit(k, () -> x.commit = x.last() + 1);
        break;
      case 3:
        if (x.last() > 0) {
          int i = rng.between(1, x.last());
          emit(k, () -> x.replace(i, FakeCluster.entry(x.termAt(i), "forged " + rng.below(1000))));
        }
        break;
      case 4:
        if (x.last() > 0) {
          int i = rng.between(1, x.last());
          emit(k, () -> x.truncateFrom(i));
        }
        break;
      case 5: {
        int other = randomWithRole(NodeRole.LEADER);
        if (other >= 0 && other != k) {
          emit(k, () -> {
            x.term = node(other).term;
            x.role = NodeRole.LEADER;
          });
        }
        break;
      }
      default:
        if (x.last() > 0) {
          int i = rng.between(1, x.last());
          emit(k, () -> x.replace(i, FakeCluster.entry(x.termAt(i) + 1, "bumped")));
        }
        break;
    }
  }
}
