package dev.raftsim.scenarios.check.internal;

import static dev.raftsim.invariants.Checkers.APPLIED_COMMITTED;
import static dev.raftsim.invariants.Checkers.COMMITTED_ON_MAJORITY;
import static dev.raftsim.invariants.Checkers.COMMIT_INDEX_BOUNDED;
import static dev.raftsim.invariants.Checkers.COMMIT_INDEX_MONOTONIC;
import static dev.raftsim.invariants.Checkers.CONFIG_FROM_LOG;
import static dev.raftsim.invariants.Checkers.ELECTION_SAFETY;
import static dev.raftsim.invariants.Checkers.LEADER_APPEND_ONLY;
import static dev.raftsim.invariants.Checkers.LEADER_COMPLETENESS;
import static dev.raftsim.invariants.Checkers.LOG_MATCHING;
import static dev.raftsim.invariants.Checkers.SINGLE_VOTE_PER_TERM;
import static dev.raftsim.invariants.Checkers.STATE_MACHINE_SAFETY;
import static dev.raftsim.invariants.Checkers.TERM_MONOTONIC;

import dev.raftsim.invariants.Checkers;
import dev.raftsim.invariants.Violation;
import dev.raftsim.raft.Command;
import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.RaftMessage;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.Role;
import dev.raftsim.raft.Snapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The transition system the checker explores: the initial state, the enabled actions of a state, the successor
 * of a state under an action (running the real {@link RaftNode} code on a copy of the affected node), and the
 * invariants.
 *
 * <p>An action is an int code {@code kind << 12 | arg}; codes are enumerated in increasing order, which is also
 * the order in which a parent's successors are generated (the BFS tie-break that makes counterexamples
 * deterministic). Node actions take a node id as arg, network actions the packet's position in the parent's
 * canonical network.
 */
public final class Model {
  public static final int TIMEOUT = 0;
  public static final int HEARTBEAT = 1;
  public static final int PROPOSE = 2;
  public static final int RESTART = 3;
  public static final int DELIVER = 4;
  public static final int DROP = 5;
  public static final int DUPLICATE = 6;
  /** Leader arg >> 4 adds spare or learner arg & 15 as a voter (AddVoter). */
  public static final int ADD_VOTER = 7;
  /** Leader arg >> 4 removes voter arg & 15 (Remove). */
  public static final int REMOVE_SERVER = 8;
  /** Node arg takes a snapshot at its applied index ({@link RaftNode#compact}). */
  public static final int SNAPSHOT = 9;

  /** Not a Raft property: the node's own consistency assertion threw (a bug in the node or the harness). */
  public static final String NODE_ASSERTION = "NodeAssertion";

  /** Report order when one transition breaks several invariants (the simulator's checkers use the same). */
  public static final List<String> REPORT_ORDER = Stream.concat(Checkers.SAFETY_INVARIANTS.stream(),
      Stream.of(NODE_ASSERTION)).toList();

  public final int n;
  public final int maxTerm;
  public final int maxLog;
  public final int maxRestarts;
  public final int maxInFlight;
  public final int maxDuplicates;
  public final int spares;
  public final int maxConfigChanges;
  /** Election timeouts, drops and heartbeats per path (Integer.MAX_VALUE: unbounded, and then not counted). */
  public final int maxTimeouts;
  public final int maxDrops;
  public final int maxHeartbeats;
  /** Snapshot actions per path (0: none, the model without log compaction). */
  public final int maxSnapshots;
  public final RaftConfig raft;
  public final Symmetry sym;
  /** Log slots the history tracks: maxLog client entries, plus one no-op per term when no-ops are on. */
  public final int slots;
  private final boolean trackDurable;
  private final boolean forgetVote;
  private final Command[] commands;

  public Model(int n, int maxTerm, int maxLog, int maxRestarts, int maxInFlight, int maxDuplicates,
      boolean symmetry, Set<PlantedBug> bugs, boolean noOpOnElection, int maxEntriesPerAppend) {
    this(n, maxTerm, maxLog, maxRestarts, maxInFlight, maxDuplicates, symmetry, bugs, noOpOnElection,
        maxEntriesPerAppend, 0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0);
  }

  /**
   * With {@code spares} servers (the last ones) outside the initial configuration and up to {@code maxConfigChanges}
   * membership changes per path. Symmetry is off whenever either is non-zero: configurations name node ids inside
   * log entries, whose digests a renaming cannot follow.
   */
  public Model(int n, int maxTerm, int maxLog, int maxRestarts, int maxInFlight, int maxDuplicates,
      boolean symmetry, Set<PlantedBug> bugs, boolean noOpOnElection, int maxEntriesPerAppend, int spares,
      int maxConfigChanges, int maxTimeouts, int maxDrops, int maxHeartbeats, int maxSnapshots) {
    this.n = n;
    this.maxTerm = maxTerm;
    this.maxLog = maxLog;
    this.maxRestarts = maxRestarts;
    this.maxInFlight = maxInFlight;
    this.maxDuplicates = maxDuplicates;
    this.spares = spares;
    this.maxConfigChanges = maxConfigChanges;
    this.maxTimeouts = maxTimeouts;
    this.maxDrops = maxDrops;
    this.maxHeartbeats = maxHeartbeats;
    this.maxSnapshots = maxSnapshots;
    this.raft = new RaftConfig(n, noOpOnElection, maxEntriesPerAppend, bugs)
        .withInitialVoters(dev.raftsim.raft.Membership.all(n - spares))
        // The §4.2.3 vote guard is liveness only; without it the node handles requests it would ignore, which the
        // network's drop action covers anyway: a superset of behaviours, and shorter paths.
        .withDisruptionGuard(maxConfigChanges == 0 && spares == 0);
    // (configurations name node ids: entries, messages and history hash them per renaming, see Renamed)
    this.sym = new Symmetry(n, symmetry);
    this.slots = maxLog + (noOpOnElection ? maxTerm : 0) + maxConfigChanges;
    this.trackDurable = bugs.contains(PlantedBug.ACK_BEFORE_PERSIST);
    this.forgetVote = bugs.contains(PlantedBug.FORGET_VOTE_ON_RESTART);
    this.commands = new Command[maxLog + 2];
    for (int k = 1; k < commands.length; k++) {
      commands[k] = command(k);
    }
  }

  /**
   * The command a leader accepts at log index k: one fixed value per index (raft.tla's single value), so that
   * the state space stays finite and logs are told apart by their terms alone.
   */
  public static Command command(int index) {
    return new Command(0, index, Op.PUT, "x", "v");
  }

  public State initial() {
    NodeSnap[] nodes = new NodeSnap[n];
    Collector out = new Collector();
    for (int i = 0; i < n; i++) {
      RaftNode node = new RaftNode(i, raft);
      out.begin(node, null, false);
      node.start(out);
      nodes[i] = new NodeSnap(node, null, -1, sym);
    }
    History hist = History.empty(maxTerm, slots, sym);
    long fp = State.canonical(sym, hist, 0, 0, 0, 0, nodes, -1, null, NO_PACKETS, null, 0);
    return new State(nodes, NO_PACKETS, null, 0, 0, 0, 0, hist, maxInFlight, -1, fp);
  }

  public static int code(int kind, int arg) {
    return kind << 12 | arg;
  }

  public static int kind(int code) {
    return code >>> 12;
  }

  public static int arg(int code) {
    return code & 0xFFF;
  }

  /** The checker's state digest of a snapshot whose chained log digest is {@code prefix}. */
  public static long stateDigest(long prefix) {
    return Mix.mix(prefix ^ 0x57A7EL);
  }

  /** Upper bound on the number of actions an expandable state can enable (its network holds <= maxInFlight). */
  public int maxActions() {
    return 5 * n + 3 * maxInFlight + 2 * n * n;
  }

  /** Writes the enabled action codes of {@code s}, in increasing order, into {@code out}; returns how many. */
  public int actions(State s, int[] out) {
    if (!s.expandable) {
      return 0;
    }
    int c = 0;
    NodeSnap[] nodes = s.nodes;
    for (int i = 0; i < n && (s.timeouts & 0xFF) < maxTimeouts; i++) {
      if (nodes[i].role != Role.LEADER && nodes[i].term < maxTerm) {
        out[c++] = code(TIMEOUT, i);
      }
    }
    for (int i = 0; i < n && (s.timeouts >>> 16 & 0xFF) < maxHeartbeats; i++) {
      if (nodes[i].role == Role.LEADER) {
        out[c++] = code(HEARTBEAT, i);
      }
    }
    for (int i = 0; i < n; i++) {
      if (nodes[i].role == Role.LEADER && nodes[i].lastIndex < maxLog) {
        out[c++] = code(PROPOSE, i);
      }
    }
    if (s.restarts < maxRestarts) {
      for (int i = 0; i < n; i++) {
        out[c++] = code(RESTART, i);
      }
    }
    int m = s.net.length;
    for (int j = 0; j < m; j++) {
      out[c++] = code(DELIVER, j);
    }
    for (int j = 0; j < m && (s.timeouts >>> 8 & 0xFF) < maxDrops; j++) {
      out[c++] = code(DROP, j);
    }
    if (s.duplicates < maxDuplicates) {
      for (int j = 0; j < m; j++) {
        out[c++] = code(DUPLICATE, j);
      }
    }
    if (s.configChanges < maxConfigChanges) {
      for (int kind = ADD_VOTER; kind <= REMOVE_SERVER; kind++) {
        for (int i = 0; i < n; i++) {
          RaftNode l = nodes[i].node;
          if (nodes[i].role != Role.LEADER || l.lastIndex() >= slots || !l.canChangeMembership()) {
            continue;
          }
          for (int j = 0; j < n; j++) {
            boolean voter = l.membership().isVoter(j);
            // AddVoter of any non-voter; Remove of another voter (a leader removing itself is left out: it only
            // steps down, which a timeout elsewhere explores too).
            if (j != i && (kind == ADD_VOTER ? !voter : voter)) {
              out[c++] = code(kind, i << 4 | j);
            }
          }
        }
      }
    }
    if (s.snapshots() < maxSnapshots) {
      for (int i = 0; i < n; i++) {
        if (nodes[i].lastApplied > nodes[i].node.snapshotIndex()) {
          out[c++] = code(SNAPSHOT, i);
        }
      }
    }
    return c;
  }

  /** Whether {@code code} is enabled in {@code s} (for replaying a saved path). */
  public boolean enabled(State s, int code) {
    int[] buf = new int[5 * n + 3 * s.net.length + 2 * n * n];
    int c = actions(s, buf);
    for (int k = 0; k < c; k++) {
      if (buf[k] == code) {
        return true;
      }
    }
    return false;
  }

  /** Per-thread buffers, and a prepared transition (the successor's parts, before any object is built). */
  public static final class Scratch {
    final Collector out = new Collector();
    Packet[] pk = new Packet[16];
    int[] cnt = new int[16];
    /** The first invariant the last transition broke (transition checks only), or null. */
    public Violation violation;
    int changed;
    RaftNode node;
    Entry[] durable;
    int recordedVote;
    long[] nodeFps;
    int netLength;
    int restarts;
    int duplicates;
    int configChanges;
    int timeouts;
    History hist;
    long fp;
    /** Canonical instances of this worker's packets and nodes (see {@link InternTable}). */
    final InternTable<Packet> packets = new InternTable<>();
    final InternTable<NodeSnap> snaps = new InternTable<>();
    final InternTable<NodeSnap[]> tuples = new InternTable<>();
    final InternTable<Packet[]> networks = new InternTable<>();
    NodeSnap[] probeNodes;
    NodeSnap probeSnap;
    int probeFrom;
    int probeTo;
    long probeContent;
    RaftMessage probeMsg;
  }

  public Scratch scratch() {
    Scratch x = new Scratch();
    x.nodeFps = new long[sym.count];
    return x;
  }

  /** The successor of {@code s} under the enabled action {@code code}; see {@link #prepare}. */
  public State step(State s, int code, long key, Scratch x) {
    return prepare(s, code, x) == 0 ? null : materialise(s, x, key);
  }

  /**
   * Computes the successor of {@code s} under the enabled action {@code code} into {@code x}, with the transition
   * invariants checked into {@code x.violation}, and returns its canonical fingerprint; nothing is allocated for
   * the successor itself until {@link #materialise}. Returns 0 only when the node threw (x.violation says so).
   */
  public long prepare(State s, int code, Scratch x) {
    x.violation = null;
    int kind = kind(code);
    int arg = arg(code);
    x.changed = -1;
    x.restarts = s.restarts;
    x.duplicates = s.duplicates;
    x.configChanges = s.configChanges;
    x.timeouts = s.timeouts;
    x.hist = s.hist;
    switch (kind) {
      case TIMEOUT:
      case HEARTBEAT:
      case PROPOSE:
      case RESTART:
      case SNAPSHOT:
        if (!nodeStep(s, arg, kind, -1, x)) {
          return 0;
        }
        if (kind == SNAPSHOT) {
          x.timeouts += 1 << 24;
        } else if (kind == TIMEOUT && maxTimeouts != Integer.MAX_VALUE) {
          x.timeouts++;
        } else if (kind == HEARTBEAT && maxHeartbeats != Integer.MAX_VALUE) {
          x.timeouts += 1 << 16;
        }
        break;
      case DELIVER:
        if (!nodeStep(s, s.net[arg].to, kind, arg, x)) {
          return 0;
        }
        break;
      case DROP:
        x.netLength = copyNetwork(s, arg, x);
        if (maxDrops != Integer.MAX_VALUE) {
          x.timeouts += 1 << 8;
        }
        break;
      case DUPLICATE:
        x.netLength = copyNetwork(s, -1, x);
        x.cnt[arg]++;
        x.duplicates++;
        break;
      case ADD_VOTER:
      case REMOVE_SERVER:
        if (!nodeStep(s, arg >> 4, kind, arg & 15, x)) {
          return 0;
        }
        x.configChanges++;
        break;
      default:
        throw new IllegalStateException("unknown action code " + code);
    }
    x.fp = State.canonical(sym, x.hist, x.restarts, x.duplicates, x.configChanges, x.timeouts, s.nodes, x.changed,
        x.nodeFps, x.pk, x.cnt, x.netLength);
    return x.fp;
  }

  /** Builds the successor prepared in {@code x} (by the last {@link #prepare} on {@code s}). */
  public State materialise(State s, Scratch x, long key) {
    NodeSnap[] nodes = s.nodes;
    if (x.changed >= 0) {
      NodeSnap snap = x.snaps.find(x.nodeFps[0], x, Model::sameNode);
      if (snap == null) {
        snap = x.snaps.add(x.nodeFps[0], new NodeSnap(x.node, x.durable, x.recordedVote, x.nodeFps.clone()));
      }
      // The node tuple, shared with every state of this worker that has the same nodes.
      long h = 0;
      for (int i = 0; i < n; i++) {
        h += Mix.mix((i == x.changed ? snap : nodes[i]).permFp[0] + i);
      }
      x.probeNodes = nodes;
      x.probeSnap = snap;
      NodeSnap[] shared = x.tuples.find(h, x, Model::sameTuple);
      if (shared == null) {
        shared = nodes.clone();
        shared[x.changed] = snap;
        x.tuples.add(h, shared);
      }
      x.probeNodes = null;
      x.probeSnap = null;
      nodes = shared;
    }
    int m = x.netLength;
    Packet[] net = NO_PACKETS;
    if (m > 0) {
      long h = m;
      for (int j = 0; j < m; j++) {
        h = h * 31 + x.pk[j].content + x.pk[j].from * 7 + x.pk[j].to;
      }
      net = x.networks.find(h, x, Model::sameNetwork);
      if (net == null) {
        net = x.networks.add(h, Arrays.copyOf(x.pk, m));
      }
    }
    int[] counts = null;
    for (int j = 0; j < m; j++) {
      if (x.cnt[j] != 1) {
        counts = Arrays.copyOf(x.cnt, m);
        break;
      }
    }
    return new State(nodes, net, counts, x.restarts, x.duplicates, x.configChanges, x.timeouts, x.hist, maxInFlight,
        key, x.fp);
  }

  private static final Packet[] NO_PACKETS = new Packet[0];

  private static boolean sameNode(NodeSnap snap, Scratch x) {
    return snap.recordedVote == x.recordedVote && Arrays.equals(snap.durable, x.durable) && snap.node.sameState(x.node);
  }

  // Value comparisons: with several workers, equal nodes and packets can be distinct instances.
  private static boolean sameTuple(NodeSnap[] t, Scratch x) {
    for (int i = 0; i < t.length; i++) {
      NodeSnap a = t[i];
      NodeSnap b = i == x.changed ? x.probeSnap : x.probeNodes[i];
      if (a != b && !(a.permFp[0] == b.permFp[0] && a.recordedVote == b.recordedVote
          && Arrays.equals(a.durable, b.durable) && a.node.sameState(b.node))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameNetwork(Packet[] net, Scratch x) {
    if (net.length != x.netLength) {
      return false;
    }
    for (int j = 0; j < net.length; j++) {
      if (net[j] != x.pk[j] && !net[j].sameAs(x.pk[j])) {
        return false;
      }
    }
    return true;
  }

  private static boolean samePacket(Packet p, Scratch x) {
    return p.from == x.probeFrom && p.to == x.probeTo && p.content == x.probeContent && p.msg.equals(x.probeMsg);
  }

  /** The worker's canonical packet for (from, to, msg). */
  private Packet packet(int from, int to, RaftMessage msg, Scratch x) {
    long content = Packet.contentHash(msg);
    long h = Mix.mix(content ^ (from * 64L + to + 1));
    x.probeFrom = from;
    x.probeTo = to;
    x.probeContent = content;
    x.probeMsg = msg;
    Packet p = x.packets.find(h, x, Model::samePacket);
    if (p == null) {
      p = x.packets.add(h, new Packet(from, to, msg, n, content, sym));
    }
    x.probeMsg = null;
    return p;
  }

  private boolean nodeStep(State s, int i, int kind, int packet, Scratch x) {
    NodeSnap old = s.nodes[i];
    Collector out = x.out;
    RaftNode c;
    try {
      if (kind == RESTART) {
        // The snapshot is always durable (the node syncs it in the input that writes it); the entries after it may lag.
        Entry[] durable = old.durableLog();
        int vote = forgetVote ? -1 : old.node.votedFor();
        c = RaftNode.restore(i, raft, old.term, vote, old.node.snapshot(), Arrays.asList(durable));
        out.begin(c, null, trackDurable);
        c.start(out);
      } else {
        c = old.node.copy();
        out.begin(c, old, trackDurable);
        switch (kind) {
          case TIMEOUT:
            c.electionTimeout(out);
            break;
          case HEARTBEAT:
            c.heartbeatTimeout(out);
            break;
          case PROPOSE:
            c.propose(commands[c.lastIndex() + 1], out);
            break;
          case ADD_VOTER:
            if (!c.addVoter(packet, out)) {
              throw new IllegalStateException("enabled AddVoter of " + name(packet) + " refused by " + name(i));
            }
            break;
          case REMOVE_SERVER:
            if (!c.remove(packet, out)) {
              throw new IllegalStateException("enabled Remove of " + name(packet) + " refused by " + name(i));
            }
            break;
          case SNAPSHOT: {
            // What the simulator's KV host does: a snapshot of the state machine at the applied index, given to the
            // node in an input of its own. The checker has no state machine; with one fixed command per index the
            // state is a function of the applied prefix, so its digest is derived from the prefix digest.
            int at = c.lastApplied();
            long prefix = c.prefixDigest(at);
            c.compact(new Snapshot(at, c.termAt(at), prefix, stateDigest(prefix), null), out);
            if (c.snapshotIndex() != at) {
              throw new IllegalStateException(name(i) + " did not compact to its applied index " + at);
            }
            break;
          }
          default:
            Packet p = s.net[packet];
            c.step(p.from, p.msg, out);
        }
      }
    } catch (RuntimeException | AssertionError e) {
      x.violation = new Violation(NODE_ASSERTION, name(i) + " threw " + e.getClass().getSimpleName() + ": "
          + e.getMessage(), 0, 0, List.of(i));
      return false;
    }
    boolean restart = kind == RESTART;
    Violation v = null;

    // Vote history: a node votes at most once per term, even across restarts.
    int recorded = c.currentTerm() > old.term ? -1 : old.recordedVote;
    int vote = c.votedFor();
    if (vote >= 0) {
      if (recorded < 0) {
        recorded = vote;
      } else if (recorded != vote) {
        v = first(v, new Violation(SINGLE_VOTE_PER_TERM, name(i) + " voted for " + name(recorded) + " in term "
            + c.currentTerm() + " and then for " + name(vote) + " in the same term", 0, 0, List.of(i)));
      }
    }
    if (c.currentTerm() < old.term) {
      v = first(v, new Violation(TERM_MONOTONIC, name(i) + "'s term went down from " + old.term + " to "
          + c.currentTerm(), 0, 0, List.of(i)));
    }
    if (!restart && c.lastApplied() < old.lastApplied) {
      v = first(v, new Violation(STATE_MACHINE_SAFETY, name(i) + "'s lastApplied went down from " + old.lastApplied
          + " to " + c.lastApplied() + " without a restart: its state machine moved backwards"
          + (c.snapshot() != old.node.snapshot() ? " (installing a snapshot through " + c.snapshotIndex() + ")" : ""),
          0, 0, List.of(i)));
    }
    if (!restart && c.commitIndex() < old.commitIndex) {
      v = first(v, new Violation(COMMIT_INDEX_MONOTONIC, name(i) + "'s commitIndex went down from "
          + old.commitIndex + " to " + c.commitIndex() + " without a restart", 0, 0, List.of(i)));
    }
    Role role = c.role();
    boolean stillLeader = !restart && old.role == Role.LEADER && role == Role.LEADER && old.term == c.currentTerm();
    if (stillLeader) {
      int ol = old.lastIndex;
      if (c.lastIndex() < ol || prefixAt(c, ol, s.hist) != prefixAt(old.node, ol, s.hist)) {
        v = first(v, new Violation(LEADER_APPEND_ONLY, name(i) + " leads term " + c.currentTerm()
            + " and rewrote or deleted entries of its own log (last index " + ol + " before, " + c.lastIndex()
            + " after)", 0, 0, List.of(i)));
      }
    }

    History.Builder h = null;
    int term = (int) c.currentTerm();
    if (role == Role.LEADER && !stillLeader) {
      int first = s.hist.leaderOfTerm[term];
      if (first < 0) {
        h = edit(h, s);
        h.setLeader(term, i);
      } else if (first != i) {
        v = first(v, new Violation(ELECTION_SAFETY, name(first) + " and " + name(i)
            + " were both elected leader in term " + term, 0, 0, List.of(first, i)));
      }
    }
    int k = Math.min(c.commitIndex(), c.lastIndex());
    if (k > slots) {
      throw new IllegalStateException(name(i) + " committed index " + k + " beyond the model's " + slots
          + " log slots");
    }
    // A new snapshot base (taken or installed) must be a committed prefix: its log digest the committed one, its
    // state the state every other node applied up to it. Positions at or below a base then count as the committed
    // prefix in every other check (as in the simulator's checkers).
    Snapshot snap = c.snapshot();
    if (snap != null && snap != old.node.snapshot() && !restart) {
      int b = snap.index();
      long committedThere = h == null ? s.hist.committedPrefix[b] : h.committedPrefix[b];
      String what = name(i) + (kind == SNAPSHOT ? " took" : " installed") + " a snapshot through index " + b
          + " (term " + snap.term() + ")";
      if (committedThere == 0) {
        v = first(v, new Violation(STATE_MACHINE_SAFETY, what + ", but nothing was committed at index " + b, 0, 0,
            List.of(i)));
      } else if (committedThere != snap.logDigest() || snap.stateDigest() != stateDigest(committedThere)) {
        v = first(v, new Violation(STATE_MACHINE_SAFETY, what + " whose state differs from the state of the prefix"
            + " committed through index " + b, 0, 0, List.of(i)));
      }
    }
    for (int idx = Math.max(1, c.snapshotIndex() + 1); idx <= k; idx++) {
      long prefix = c.prefixDigest(idx);
      long recordedPrefix = h == null ? s.hist.committedPrefix[idx] : h.committedPrefix[idx];
      if (recordedPrefix == 0) {
        Entry e = c.entryAt(idx);
        h = edit(h, s);
        h.setCommitted(idx, prefix, e.digest(), (int) e.term(), term, e.config());
        int holders = 0;
        long holderSet = 0;
        for (int j = 0; j < n; j++) {
          RaftNode holder = j == i ? c : s.nodes[j].node;
          if (holder.lastIndex() >= idx && (holder.snapshotIndex() >= idx || holder.prefixDigest(idx) == prefix)) {
            holders++;
            holderSet |= 1L << j;
          }
        }
        // A majority of the voters of the configuration the committing node counts with (of both halves while
        // joint); without membership changes that is a majority of all n servers.
        dev.raftsim.raft.Membership counted = c.membership();
        if (!counted.isQuorum(holderSet)) {
          v = first(v, new Violation(COMMITTED_ON_MAJORITY, name(i) + " committed index " + idx + " ("
              + describeEntry(e) + ") but only " + holders + " of " + n + " logs hold it, fewer than a majority"
              + (maxConfigChanges > 0 || spares > 0 ? " of " + counted.describe() : ""), 0, 0, List.of(i)));
        }
      } else if (recordedPrefix != prefix) {
        int recordedTerm = h == null ? s.hist.committedEntryTerm[idx] : h.committedEntryTerm[idx];
        v = first(v, new Violation(STATE_MACHINE_SAFETY, name(i) + " committed index " + idx + " holding "
            + describeEntry(c.entryAt(idx)) + " (or a different log before it), but index " + idx
            + " was already committed holding the entry of term " + recordedTerm + " (log " + PathRunner.log(c)
            + ")", 0, 0, List.of(i)));
      }
    }
    for (int a = 0; a < out.applies; a++) {
      int idx = out.applyIndex[a];
      Entry e = out.applyEntry[a];
      if (idx > slots) {
        throw new IllegalStateException(name(i) + " applied index " + idx + " beyond the model's log slots");
      }
      long d = e.digest();
      long applied = h == null ? s.hist.appliedEntry[idx] : h.appliedEntry[idx];
      if (applied == 0) {
        h = edit(h, s);
        h.setApplied(idx, d, e.config());
      } else if (applied != d) {
        v = first(v, new Violation(STATE_MACHINE_SAFETY, name(i) + " applied " + describeEntry(e)
            + " at index " + idx + ", but a different entry was applied at index " + idx + " before", 0, 0,
            List.of(i)));
      }
    }
    h = pruneLeaders(h, s, i, c);
    x.violation = v;
    x.hist = h == null ? s.hist : h.build(sym);

    int m = copyNetwork(s, kind == DELIVER ? packet : -1, x);
    for (int q = 0; q < out.sends; q++) {
      m = addPacket(packet(i, out.sendTo[q], out.sendMsg[q], x), m, x);
    }
    x.netLength = m;
    if (restart) {
      x.restarts++;
    }
    x.changed = i;
    x.node = c;
    x.durable = out.endDurable();
    x.recordedVote = recorded;
    NodeSnap.fingerprints(c, x.durable, recorded, sym, x.nodeFps);
    return true;
  }

  private static History.Builder edit(History.Builder h, State s) {
    return h != null ? h : s.hist.edit();
  }

  /**
   * Forgets who led term t once nobody can become leader of t again (no node below t, no candidate in t), so
   * that states differing only in dead history merge. {@code nodes[i]} is taken to be {@code c}.
   */
  private History.Builder pruneLeaders(History.Builder h, State s, int i, RaftNode c) {
    int[] leaders = h == null ? s.hist.leaderOfTerm : h.leaderOfTerm;
    for (int t = 1; t <= maxTerm; t++) {
      if (leaders[t] < 0) {
        continue;
      }
      boolean live = false;
      for (int j = 0; j < n; j++) {
        long term = j == i ? c.currentTerm() : s.nodes[j].term;
        Role role = j == i ? c.role() : s.nodes[j].role;
        if (term < t || (term == t && role == Role.CANDIDATE)) {
          live = true;
          break;
        }
      }
      if (!live) {
        h = edit(h, s);
        h.setLeader(t, -1);
        leaders = h.leaderOfTerm;
      }
    }
    return h;
  }

  /** Copies s's network into x minus one copy of packet {@code remove} (or none if -1); returns the size. */
  private static int copyNetwork(State s, int remove, Scratch x) {
    int len = s.net.length;
    if (x.pk.length < len + 16) {
      x.pk = new Packet[len * 2 + 16];
      x.cnt = new int[len * 2 + 16];
    }
    int m = 0;
    for (int j = 0; j < len; j++) {
      int c = s.count(j);
      if (j == remove) {
        c--;
      }
      if (c > 0) {
        x.pk[m] = s.net[j];
        x.cnt[m] = c;
        m++;
      }
    }
    return m;
  }

  /** Inserts p in canonical order; a packet already in flight is not added again (the new copy is lost). */
  private static int addPacket(Packet p, int m, Scratch x) {
    int pos = m;
    for (int j = 0; j < m; j++) {
      int cmp = p.compareTo(x.pk[j]);
      if (cmp == 0) {
        if (!p.sameAs(x.pk[j])) {
          throw new IllegalStateException("64-bit message hash collision: " + p.describe() + " / "
              + x.pk[j].describe());
        }
        return m;
      }
      if (cmp < 0) {
        pos = j;
        break;
      }
    }
    if (m + 1 > x.pk.length) {
      x.pk = Arrays.copyOf(x.pk, m * 2 + 16);
      x.cnt = Arrays.copyOf(x.cnt, m * 2 + 16);
    }
    System.arraycopy(x.pk, pos, x.pk, pos + 1, m - pos);
    System.arraycopy(x.cnt, pos, x.cnt, pos + 1, m - pos);
    x.pk[pos] = p;
    x.cnt[pos] = 1;
    return m + 1;
  }

  private static Violation first(Violation a, Violation b) {
    if (a == null) {
      return b;
    }
    return REPORT_ORDER.indexOf(b.invariant()) < REPORT_ORDER.indexOf(a.invariant()) ? b : a;
  }

  /** The first broken state invariant of s in report order, or null. */
  public Violation checkState(State s) {
    NodeSnap[] nodes = s.nodes;
    History h = s.hist;
    // LogMatching: same (index, term) implies the same prefix.
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        RaftNode x = nodes[a].node;
        RaftNode y = nodes[b].node;
        int m = Math.min(x.lastIndex(), y.lastIndex());
        // (below both bases both hold the committed prefix, checked when each base was set)
        for (int idx = Math.max(1, Math.min(x.snapshotIndex(), y.snapshotIndex())); idx <= m; idx++) {
          long tx = termAt(x, idx, h);
          if (tx == termAt(y, idx, h) && prefixAt(x, idx, h) != prefixAt(y, idx, h)) {
            return new Violation(LOG_MATCHING, name(a) + " and " + name(b) + " both hold an entry of term "
                + tx + " at index " + idx + ", but their logs differ at or before index " + idx, 0, 0,
                List.of(a, b));
          }
        }
      }
    }
    // LeaderCompleteness: a leader of term T holds every entry committed in a term before T.
    int committed = h.committedLength();
    for (int i = 0; i < n; i++) {
      NodeSnap ns = nodes[i];
      if (ns.role != Role.LEADER) {
        continue;
      }
      for (int idx = 1; idx <= committed; idx++) {
        if (h.committedInTerm[idx] < ns.term
            && (ns.lastIndex < idx || prefixAt(ns.node, idx, h) != h.committedPrefix[idx])) {
          return new Violation(LEADER_COMPLETENESS, name(i) + " leads term " + ns.term + " but its log "
              + PathRunner.log(ns.node) + " lacks the entry committed at index " + idx + " in term "
              + h.committedInTerm[idx] + " (" + describeCommitted(h, idx) + ")", 0, 0, List.of(i));
        }
      }
    }
    if (maxSnapshots > 0 && (maxConfigChanges > 0 || spares > 0)) {
      Violation v = configFromSnapshot(nodes, h);
      if (v != null) {
        return v;
      }
    }
    for (int i = 0; i < n; i++) {
      NodeSnap ns = nodes[i];
      if (ns.commitIndex > ns.lastIndex) {
        return new Violation(COMMIT_INDEX_BOUNDED, name(i) + "'s commitIndex " + ns.commitIndex
            + " is beyond its last log index " + ns.lastIndex, 0, 0, List.of(i));
      }
    }
    for (int i = 0; i < n; i++) {
      NodeSnap ns = nodes[i];
      if (ns.lastApplied > ns.commitIndex) {
        return new Violation(APPLIED_COMMITTED, name(i) + " applied up to index " + ns.lastApplied
            + " beyond its commitIndex " + ns.commitIndex, 0, 0, List.of(i));
      }
    }
    for (int idx = 1; idx <= h.slots(); idx++) {
      if (h.appliedEntry[idx] != 0 && h.appliedEntry[idx] != h.committedEntry[idx]) {
        return new Violation(APPLIED_COMMITTED, "an entry was applied at index " + idx + (h.committedEntry[idx] == 0
            ? " that no node has committed" : " that differs from the entry committed there"), 0, 0, List.of());
      }
    }
    return null;
  }

  /**
   * ConfigFromLog where the log is compacted: a node with no configuration entry above its snapshot base must have in
   * effect the configuration committed at or below the base (the latest configuration entry there, else the initial
   * one), which its snapshot holds. (Above the base the node reads its own log; the simulator's checker covers that
   * case, which needs no snapshot.)
   */
  private Violation configFromSnapshot(NodeSnap[] nodes, History h) {
    for (int i = 0; i < n; i++) {
      RaftNode node = nodes[i].node;
      int base = node.snapshotIndex();
      if (base == 0 || Renamed.anyConfig(node)) {
        continue;
      }
      dev.raftsim.raft.Membership expected = null;
      int at = 0;
      for (int idx = base; idx >= 1 && h.committedConfig != null; idx--) {
        if (h.committedConfig[idx] != null) {
          expected = h.committedConfig[idx];
          at = idx;
          break;
        }
      }
      if (expected == null) {
        expected = dev.raftsim.raft.Membership.of(raft.initialVoters());
      }
      if (!node.membership().equals(expected)) {
        return new Violation(CONFIG_FROM_LOG, name(i) + "'s configuration in effect (" + node.membership().describe()
            + ") comes from its snapshot through index " + base + ", but the configuration committed at or below"
            + " that index is " + (at == 0 ? "the initial one" : "the one at index " + at) + " ("
            + expected.describe() + ")", 0, 0, List.of(i));
      }
    }
    return null;
  }

  /**
   * The node's prefix digest through idx; below its snapshot base, where it holds no entry, the committed prefix's
   * (the base was checked to be a committed prefix when it was set).
   */
  static long prefixAt(RaftNode node, int idx, History h) {
    return idx < node.snapshotIndex() ? h.committedPrefix[idx] : node.prefixDigest(idx);
  }

  /** The term of the node's entry at idx; below its snapshot base, the committed entry's term. */
  static long termAt(RaftNode node, int idx, History h) {
    return idx < node.snapshotIndex() ? h.committedEntryTerm[idx] : node.termAt(idx);
  }

  /** Both kinds of check for one transition, in report order (for the deterministic final report). */
  public Violation checkTransition(State successor, Scratch x) {
    Violation v = x.violation;
    if (successor != null) {
      Violation sv = checkState(successor);
      if (sv != null) {
        v = v == null ? sv : first(v, sv);
      }
    }
    return v;
  }

  public static String name(int node) {
    return "n" + (node + 1);
  }

  /** The committed entry at idx, e.g. {@code put x=v (c0#1) of term 1} (commands are fixed per index). */
  private static String describeCommitted(History h, int idx) {
    Entry e = new Entry(h.committedEntryTerm[idx], command(idx));
    return e.digest() == h.committedEntry[idx] ? describeEntry(e) : "an entry of term " + h.committedEntryTerm[idx];
  }

  static String describeEntry(Entry e) {
    return e.describe() + " of term " + e.term();
  }
}
