package dev.raftsim.raft.kv;

import dev.raftsim.raft.ClientReply;
import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.Command;
import dev.raftsim.raft.CoveragePoint;
import dev.raftsim.raft.CoverageReporting;
import dev.raftsim.raft.Entry;
import dev.raftsim.raft.Message;
import dev.raftsim.raft.Op;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.raft.RaftMessage;
import dev.raftsim.raft.RaftNode;
import dev.raftsim.raft.RaftOutput;
import dev.raftsim.raft.ReadMode;
import dev.raftsim.raft.Role;
import dev.raftsim.raft.Snapshot;
import dev.raftsim.raft.internal.Hashing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A key-value server: a {@link RaftNode}, its {@link KvStateMachine}, and the client requests this
 * server proposed as leader and still has to answer (log index -> request).
 *
 * <p>Process ids: servers are 0..clusterSize-1, clients are >= clusterSize and a request's clientId is
 * its client's process id; replies go out through {@code out.send(clientId, reply)}. Every applied entry
 * is also passed on to the host's {@link RaftOutput#apply}, before any client reply it causes.
 *
 * <p>Snapshot policy: with {@code snapshotEvery} N > 0 the server snapshots its state machine right after applying
 * every index that is a multiple of N (so all servers snapshot at the same indexes, and checkers can compare their
 * states), and hands the snapshot to the node for compaction at the start of its next input: compaction never
 * discards an entry in the input that applied it, so an observer between inputs has seen every entry first.
 */
public final class KvServer implements CoverageReporting {

  private final RaftNode node;
  private KvStateMachine sm;
  private final boolean bugStaleRead;
  /** Snapshot every this many applied entries (0: never). */
  private final int snapshotEvery;
  /** Taken after an apply, compacted into the node at the start of the next input; null: none. */
  private Snapshot pendingSnapshot;
  private final ReadMode readMode;
  /** GETs answered without the log, waiting for confirmation and apply; all from {@link #readsTerm}. */
  private final PendingReads reads = new PendingReads();
  private long readsTerm;
  /** Requests proposed while leading in {@link #pendingTerm}, by log index. */
  private final Pending pending = new Pending();
  private long pendingTerm;
  /** Reused adapter that sees the node's applies; holds the host output only during an input. */
  private final Tap tap = new Tap();
  /** The host's coverage counters, or null (see {@link CoverageReporting}). */
  private int[] coverage;

  public KvServer(int id, RaftConfig cfg) {
    this(id, cfg, 0);
  }

  /** A fresh server that snapshots every {@code snapshotEvery} applied entries (0: never). */
  public KvServer(int id, RaftConfig cfg, int snapshotEvery) {
    this(new RaftNode(id, cfg), new KvStateMachine(cfg), snapshotEvery);
  }

  private KvServer(RaftNode node, KvStateMachine sm, int snapshotEvery) {
    if (snapshotEvery < 0) {
      throw new IllegalArgumentException("snapshotEvery must be >= 0, got " + snapshotEvery);
    }
    this.node = node;
    this.sm = sm;
    this.bugStaleRead = node.config().has(PlantedBug.STALE_READ);
    this.snapshotEvery = snapshotEvery;
    this.readMode = node.config().options().readMode();
  }

  /**
   * After a crash: the node restores its durable state; the state machine starts empty and is rebuilt
   * by re-applying entries as the commit index advances again. Pending requests are gone.
   */
  public static KvServer restore(int id, RaftConfig cfg, long term, int votedFor, List<Entry> durableLog) {
    return restore(id, cfg, 0, term, votedFor, null, durableLog);
  }

  /**
   * After a crash, from the durable snapshot (null: none) and the log after it: the state machine is the
   * snapshot's (lastApplied is its index) and catches up by applying the entries after it as they commit again.
   */
  public static KvServer restore(int id, RaftConfig cfg, int snapshotEvery, long term, int votedFor, Snapshot snap,
      List<Entry> durableLog) {
    KvStateMachine sm = snap == null ? new KvStateMachine(cfg) : image(snap).copy();
    return new KvServer(RaftNode.restore(id, cfg, term, votedFor, snap, durableLog), sm, snapshotEvery);
  }

  private static KvStateMachine image(Snapshot s) {
    if (!(s.state() instanceof KvStateMachine image)) {
      throw new IllegalStateException("snapshot " + s + " carries no key-value state: " + s.state());
    }
    return image;
  }

  /** Compacts the node through the snapshot taken in an earlier input, if it is still ahead of its base. */
  private void compactPending() {
    Snapshot s = pendingSnapshot;
    if (s == null) {
      return;
    }
    pendingSnapshot = null;
    // An install since may have moved the base past it (or, under a planted bug, lastApplied below it).
    if (s.index() > node.snapshotIndex() && s.index() <= node.lastApplied()) {
      node.compact(s, tap);
    }
  }

  public void start(RaftOutput out) {
    tap.host = out;
    try {
      node.start(tap);
    } finally {
      tap.host = null;
    }
  }

  /** A Raft message from a server, or a {@link ClientRequest} from a client process. */
  public void onMessage(int from, Message m, RaftOutput out) {
    Objects.requireNonNull(m, "message");
    Objects.requireNonNull(out, "out");
    tap.host = out;
    try {
      compactPending();
      // Exact-class tests only: an instanceof against an interface (RaftMessage) goes through the JVM's one-entry
      // secondary-supers cache, which the interface casts elsewhere keep evicting (JDK 17; JDK-8180450).
      if (m instanceof ClientRequest req) {
        onClientRequest(from, req, out);
      } else if (m instanceof ClientReply) {
        throw new IllegalArgumentException("server " + node.id() + " cannot handle " + m.kind() + " from " + from);
      } else {
        node.step(from, m, tap); // rejects anything that is not a Raft message
      }
      failPendingIfDeposed(out);
      serveReads(out);
    } finally {
      tap.host = null;
    }
  }

  public void electionTimeout(RaftOutput out) {
    tap.host = out;
    try {
      compactPending();
      node.electionTimeout(tap);
      failPendingIfDeposed(out);
      serveReads(out);
    } finally {
      tap.host = null;
    }
  }

  public void heartbeatTimeout(RaftOutput out) {
    tap.host = out;
    try {
      compactPending();
      node.heartbeatTimeout(tap);
      failPendingIfDeposed(out);
      serveReads(out);
    } finally {
      tap.host = null;
    }
  }

  /**
   * A membership change or leadership transfer asked of this server as leader (the host's reconfiguration client):
   * {@code call} invokes one of the node's methods ({@link RaftNode#addVoter}, {@link RaftNode#transferLeadership},
   * ...) with the output it is given; returns its answer.
   */
  public boolean leaderCall(java.util.function.Predicate<RaftOutput> call, RaftOutput out) {
    Objects.requireNonNull(call, "call");
    tap.host = out;
    try {
      compactPending();
      boolean ok = call.test(tap);
      failPendingIfDeposed(out); // a leader that removed itself may have stepped down at once (one-server C_new)
      serveReads(out);
      return ok;
    } finally {
      tap.host = null;
    }
  }

  private void onClientRequest(int from, ClientRequest req, RaftOutput out) {
    int servers = node.config().clusterSize();
    if (from != req.clientId() || from < servers) {
      throw new IllegalArgumentException("client request " + req.summary() + " from process " + from
          + ": clientId must be the sender's process id, and clients have ids >= " + servers);
    }
    if (node.role() != Role.LEADER) {
      hit(CoveragePoint.KV_REFUSED_NOT_LEADER);
      out.send(req.clientId(), new ClientReply(req.clientId(), req.seq(), false, null, node.leaderHint()));
      return;
    }
    if (node.transferring()) {
      // Handing leadership over (dissertation §3.10): no new commands; the client retries, at the target by the hint.
      out.send(req.clientId(), new ClientReply(req.clientId(), req.seq(), false, null, node.transferTarget()));
      return;
    }
    if (bugStaleRead && req.op() == Op.GET) {
      // planted bug: a deposed leader that does not know it yet answers from stale local state
      hit(CoveragePoint.KV_STALE_LOCAL_READ);
      out.send(req.clientId(), new ClientReply(req.clientId(), req.seq(), true, sm.read(req.key()), node.id()));
      return;
    }
    if (req.op() == Op.GET && readMode != ReadMode.LOG) {
      if (node.readIndexReady()) {
        startRead(req, out);
        return;
      }
      hit(CoveragePoint.READ_THROUGH_LOG_BEFORE_TERM_COMMIT);
    }
    // Writes, log reads, and reads that reach a leader before it committed an entry of its term (it has no read
    // index yet; without a no-op on election it might never get one without a write) go through the log.
    for (int i = 0; i < pending.size; i++) {
      ClientRequest p = pending.requests[i];
      if (p.clientId() == req.clientId() && p.seq() == req.seq()) {
        hit(CoveragePoint.KV_DUPLICATE_PENDING);
        return; // already in the log; its apply will answer
      }
    }
    int expected = node.lastIndex() + 1;
    // Registered before proposing: a single-server cluster commits and applies inside propose.
    pending.put(expected, req);
    pendingTerm = node.currentTerm();
    int index = node.propose(req.toCommand(), tap);
    if (index != expected) {
      throw new IllegalStateException("leader " + node.id() + " proposed at " + index + ", expected " + expected);
    }
  }

  /** ReadIndex (or lease) read: record the read index, confirm leadership unless a lease does, answer once applied. */
  private void startRead(ClientRequest req, RaftOutput out) {
    if (reads.size > 0 && readsTerm != node.currentTerm()) {
      throw new IllegalStateException("server " + node.id() + " holds reads of term " + readsTerm + " in term "
          + node.currentTerm());
    }
    readsTerm = node.currentTerm();
    int readIndex = node.commitIndex();
    if (readMode == ReadMode.LEASE && node.holdsLease(out.localTimeMicros())) {
      hit(CoveragePoint.READ_LEASE_HELD);
      reads.add(req, readIndex, 0, ReadMode.LEASE);
    } else {
      hit(readMode == ReadMode.LEASE ? CoveragePoint.READ_LEASE_LAPSED : CoveragePoint.READ_ROUND_STARTED);
      // Each read gets a round of its own, started after it arrived: only replies to it can confirm it.
      reads.add(req, readIndex, node.startReadRound(tap), ReadMode.READ_INDEX);
    }
  }

  /** Answers every read whose round a quorum confirmed and whose read index has applied; refuses all if deposed. */
  private void serveReads(RaftOutput out) {
    if (reads.size == 0) {
      return;
    }
    if (node.role() != Role.LEADER || node.currentTerm() != readsTerm) {
      hit(CoveragePoint.READ_REFUSED_DEPOSED);
      while (reads.size > 0) {
        ClientRequest req = reads.requests[0];
        reads.removeAt(0);
        out.send(req.clientId(), new ClientReply(req.clientId(), req.seq(), false, null, node.leaderHint()));
      }
      return;
    }
    long confirmed = node.confirmedReadRound();
    int applied = node.lastApplied();
    for (int i = 0; i < reads.size; ) {
      if (reads.rounds[i] <= confirmed && reads.readIndexes[i] <= applied) {
        ClientRequest req = reads.requests[i];
        ReadMode mode = reads.modes[i];
        reads.removeAt(i);
        hit(CoveragePoint.READ_SERVED);
        out.readServed(mode, req.clientId(), req.seq(), applied);
        out.send(req.clientId(), new ClientReply(req.clientId(), req.seq(), true, sm.read(req.key()), node.id()));
      } else {
        if (reads.rounds[i] <= confirmed) {
          hit(CoveragePoint.READ_WAITING_FOR_APPLY);
        }
        i++;
      }
    }
  }

  private void onApply(int index, Entry e, RaftOutput out) {
    if (coverage != null && sm.alreadyApplied(e.command())) {
      hit(CoveragePoint.KV_DEDUPLICATED);
    }
    String result = sm.apply(e.command());
    if (snapshotEvery > 0 && index % snapshotEvery == 0) {
      pendingSnapshot = new Snapshot(index, e.term(), node.prefixDigest(index), sm.historyDigest(), sm.copy());
    }
    if (pending.isEmpty()) {
      return; // a follower's apply: nobody to answer (and no boxed lookup on every entry)
    }
    ClientRequest req = pending.remove(index);
    if (req != null) {
      Command c = e.command();
      boolean ours = c != null && c.clientId() == req.clientId() && c.seq() == req.seq();
      if (!ours) {
        hit(CoveragePoint.KV_ANSWERED_OTHER_COMMAND);
      }
      out.send(req.clientId(), new ClientReply(req.clientId(), req.seq(), ours, ours ? result : null,
          node.leaderHint()));
    }
  }

  /** A server that lost leadership (or moved on to another term) cannot vouch for its proposals. */
  private void failPendingIfDeposed(RaftOutput out) {
    if (pending.isEmpty() || (node.role() == Role.LEADER && node.currentTerm() == pendingTerm)) {
      return;
    }
    hit(CoveragePoint.KV_DEPOSED_FAILED_PENDING);
    while (!pending.isEmpty()) {
      ClientRequest req = pending.removeFirst();
      out.send(req.clientId(), new ClientReply(req.clientId(), req.seq(), false, null, node.leaderHint()));
    }
  }

  public RaftNode node() {
    return node;
  }

  /** Counts the node's points and this server's into {@code counters} (by {@link CoveragePoint} ordinal). */
  @Override
  public void countCoverageInto(int[] counters) {
    node.countCoverageInto(counters);
    coverage = counters;
  }

  private void hit(CoveragePoint p) {
    int[] c = coverage;
    if (c != null) {
      c[p.ordinal()]++;
    }
  }

  public KvStateMachine stateMachine() {
    return sm;
  }

  /** Snapshot interval in applied entries (0: never). */
  public int snapshotEvery() {
    return snapshotEvery;
  }

  /** Requests proposed and not yet answered, in log-index order. */
  public List<ClientRequest> pendingRequests() {
    List<ClientRequest> list = new ArrayList<>(pending.size);
    for (int i = 0; i < pending.size; i++) {
      list.add(pending.requests[i]);
    }
    return list;
  }

  public int pendingCount() {
    return pending.size;
  }

  /** GETs waiting to be answered without the log. */
  public int pendingReadCount() {
    return reads.size;
  }

  /** Deep copy (node, state machine, pending requests). */
  public KvServer copy() {
    KvServer c = new KvServer(node.copy(), sm.copy(), snapshotEvery);
    c.pendingSnapshot = pendingSnapshot;
    for (int i = 0; i < pending.size; i++) {
      c.pending.put(pending.indexes[i], pending.requests[i]);
    }
    c.pendingTerm = pendingTerm;
    c.reads.copyFrom(reads);
    c.readsTerm = readsTerm;
    return c;
  }

  /** Value-based hash of node state, state machine and pending requests. */
  public long fingerprint() {
    long h = Hashing.combine(node.fingerprint(), sm.digest());
    h = Hashing.combine(h, pendingTerm);
    if (pendingSnapshot != null) {
      h = Hashing.combine(h, pendingSnapshot.fingerprint());
    }
    for (int i = 0; i < pending.size; i++) {
      h = Hashing.combine(h, pending.indexes[i]);
      h = Hashing.combine(h, pending.requests[i].fingerprint());
    }
    if (reads.size > 0) {
      h = Hashing.combine(reads.fingerprint(h), readsTerm);
    }
    return h;
  }

  /**
   * Requests by log index, in index order: what a {@code TreeMap<Integer, ClientRequest>} would hold, without
   * boxing or tree nodes (a leader adds one per client request, at increasing indexes, and removes them as they
   * apply, so the arrays stay tiny and the work is at their ends).
   */
  private static final class Pending {
    int[] indexes = new int[8];
    ClientRequest[] requests = new ClientRequest[8];
    int size;

    boolean isEmpty() {
      return size == 0;
    }

    /** Adds or replaces the request at {@code index}. */
    void put(int index, ClientRequest req) {
      int at = size;
      while (at > 0 && indexes[at - 1] >= index) {
        at--;
      }
      if (at < size && indexes[at] == index) {
        requests[at] = req;
        return;
      }
      if (size == indexes.length) {
        indexes = Arrays.copyOf(indexes, size * 2);
        requests = Arrays.copyOf(requests, size * 2);
      }
      System.arraycopy(indexes, at, indexes, at + 1, size - at);
      System.arraycopy(requests, at, requests, at + 1, size - at);
      indexes[at] = index;
      requests[at] = req;
      size++;
    }

    /** Removes and returns the request at {@code index}, or null. */
    ClientRequest remove(int index) {
      for (int i = 0; i < size; i++) {
        if (indexes[i] == index) {
          ClientRequest req = requests[i];
          System.arraycopy(indexes, i + 1, indexes, i, size - i - 1);
          System.arraycopy(requests, i + 1, requests, i, size - i - 1);
          size--;
          requests[size] = null;
          return req;
        }
        if (indexes[i] > index) {
          return null;
        }
      }
      return null;
    }

    ClientRequest removeFirst() {
      return remove(indexes[0]);
    }
  }

  private final class Tap implements RaftOutput {
    RaftOutput host;

    @Override
    public void send(int to, Message m) {
      host.send(to, m);
    }

    @Override
    public void persistTermVote(long term, int votedFor) {
      host.persistTermVote(term, votedFor);
    }

    @Override
    public void persistTruncate(int fromIndex) {
      host.persistTruncate(fromIndex);
    }

    @Override
    public void persistAppend(int index, Entry e) {
      host.persistAppend(index, e);
    }

    @Override
    public void sync() {
      host.sync();
    }

    @Override
    public void resetElectionTimer() {
      host.resetElectionTimer();
    }

    @Override
    public void resetHeartbeatTimer() {
      host.resetHeartbeatTimer();
    }

    @Override
    public long localTimeMicros() {
      return host.localTimeMicros();
    }

    @Override
    public void readServed(ReadMode mode, int clientId, long seq, int appliedIndex) {
      host.readServed(mode, clientId, seq, appliedIndex);
    }

    @Override
    public void apply(int index, Entry e) {
      host.apply(index, e);
      onApply(index, e, host);
    }

    @Override
    public void persistSnapshot(Snapshot s) {
      host.persistSnapshot(s);
    }

    @Override
    public void restoreSnapshot(Snapshot s) {
      sm = image(s).copy();
      if (pendingSnapshot != null && pendingSnapshot.index() <= s.index()) {
        pendingSnapshot = null;
      }
      host.restoreSnapshot(s);
    }
  }
}
