package dev.raftsim.raft.kv;

import dev.raftsim.raft.Command;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.raft.internal.Hashing;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The replicated key-value map plus a dedup table (clientId -> last applied seq and its result), so that
 * a command retried by its client is applied at most once.
 *
 * <p>Every server applies every committed command, so this is on the simulator's hot path. The map is a pair of
 * sorted arrays (keys in {@link String#compareTo} order, binary search) and the dedup table is indexed by client id:
 * a handful of compact arrays instead of tree nodes scattered over the heap, whose cache misses were most of the
 * cost of an apply. Both iterate in sorted order, so the digest does not depend on hashing or insertion order.
 */
public final class KvStateMachine {
  private String[] keys = new String[8];
  private String[] values = new String[8];
  /** By key position: a hash of how the value was built (see {@link #historyDigest}), kept up to date per apply. */
  private long[] valueHashes = new long[8];
  private int size;

  // By client id: whether the client has a session, its last applied seq and that command's result.
  private boolean[] hasSession = new boolean[8];
  private long[] lastSeq = new long[8];
  private String[] lastResult = new String[8];
  private long[] lastResultHash = new long[8];
  private int sessions;

  private final boolean bugDuplicateApply;

  /** A correct state machine. */
  public KvStateMachine() {
    this(false);
  }

  /** Honours {@link PlantedBug#DUPLICATE_APPLY} from {@code cfg}. */
  public KvStateMachine(RaftConfig cfg) {
    this(cfg.has(PlantedBug.DUPLICATE_APPLY));
  }

  private KvStateMachine(boolean bugDuplicateApply) {
    this.bugDuplicateApply = bugDuplicateApply;
  }

  /**
   * Applies a committed command and returns its result: the value read for GET ("" if absent), null for
   * PUT and APPEND. {@code null} is the leader's no-op: nothing changes, the result is null. A command
   * whose seq is not above its client's last applied seq is not applied again; the cached result of
   * that client's last command is returned.
   */
  /** Whether {@code c} (null: a no-op) is a command this state machine already applied: apply would skip it. */
  public boolean alreadyApplied(Command c) {
    if (c == null) {
      return false;
    }
    int client = c.clientId();
    return client < hasSession.length && hasSession[client] && c.seq() <= lastSeq[client];
  }

  public String apply(Command c) {
    if (c == null) {
      return null;
    }
    int client = c.clientId();
    boolean known = client < hasSession.length && hasSession[client];
    if (!bugDuplicateApply && known && c.seq() <= lastSeq[client]) {
      return lastResult[client];
    }
    String result = switch (c.op()) {
      case PUT -> {
        put(c.key(), c.value());
        yield null;
      }
      case APPEND -> {
        int at = find(c.key());
        if (at >= 0) {
          values[at] = values[at].concat(c.value());
          valueHashes[at] = Hashing.combine(valueHashes[at], Hashing.ofString(c.value()));
        } else {
          insert(-at - 1, c.key(), c.value());
        }
        yield null;
      }
      case GET -> read(c.key());
    };
    long resultHash = result == null ? NO_RESULT : c.op() == dev.raftsim.raft.Op.GET ? readHash(c.key()) : 0;
    if (!known) {
      ensureClient(client);
      hasSession[client] = true;
      sessions++;
      lastSeq[client] = c.seq();
      lastResult[client] = result;
      lastResultHash[client] = resultHash;
    } else if (c.seq() > lastSeq[client]) {
      lastSeq[client] = c.seq();
      lastResult[client] = result;
      lastResultHash[client] = resultHash;
    }
    return result;
  }

  /** The current local value ("" if absent), without going through the log. */
  public String read(String key) {
    int at = find(key);
    return at >= 0 ? values[at] : "";
  }

  private long readHash(String key) {
    int at = find(key);
    return at >= 0 ? valueHashes[at] : EMPTY_HASH;
  }

  private static final long NO_RESULT = 0x4E6F526573756CL;
  private static final long EMPTY_HASH = Hashing.ofString("");

  /**
   * A digest of the state for snapshots, in time independent of the values' lengths (appends make them long, and
   * servers snapshot often): each value enters by the hash of how it was built (a put's value, then each appended
   * piece), so it is a function of the sequence of commands applied, equal on every server that applied the same
   * ones, which is what snapshots at one index are compared by.
   */
  public long historyDigest() {
    long h = Hashing.combine(0x4B76534E4150L, size);
    for (int i = 0; i < size; i++) {
      h = Hashing.combine(h, Hashing.ofString(keys[i]));
      h = Hashing.combine(h, valueHashes[i]);
    }
    h = Hashing.combine(h, sessions);
    for (int client = 0; client < hasSession.length; client++) {
      if (hasSession[client]) {
        h = Hashing.combine(h, client);
        h = Hashing.combine(h, lastSeq[client]);
        h = Hashing.combine(h, lastResultHash[client]);
      }
    }
    return h;
  }

  /** Last applied seq of {@code clientId}, 0 if none. */
  public long lastSeq(int clientId) {
    return clientId >= 0 && clientId < hasSession.length && hasSession[clientId] ? lastSeq[clientId] : 0;
  }

  public int size() {
    return size;
  }

  /** A snapshot of the map, sorted by key. */
  public SortedMap<String, String> data() {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      m.put(keys[i], values[i]);
    }
    return Collections.unmodifiableSortedMap(m);
  }

  /** Value-based digest of the map and the dedup table. */
  public long digest() {
    long h = Hashing.combine(0x4B76534DL, size);
    for (int i = 0; i < size; i++) {
      h = Hashing.combine(h, Hashing.ofString(keys[i]));
      h = Hashing.combine(h, Hashing.ofString(values[i]));
    }
    h = Hashing.combine(h, sessions);
    for (int client = 0; client < hasSession.length; client++) {
      if (hasSession[client]) {
        h = Hashing.combine(h, client);
        h = Hashing.combine(h, lastSeq[client]);
        h = Hashing.combine(h, Hashing.ofString(lastResult[client]));
      }
    }
    return h;
  }

  public KvStateMachine copy() {
    KvStateMachine c = new KvStateMachine(bugDuplicateApply);
    c.keys = keys.clone();
    c.values = values.clone();
    c.valueHashes = valueHashes.clone();
    c.size = size;
    c.hasSession = hasSession.clone();
    c.lastSeq = lastSeq.clone();
    c.lastResult = lastResult.clone();
    c.lastResultHash = lastResultHash.clone();
    c.sessions = sessions;
    return c;
  }

  public boolean sameState(KvStateMachine o) {
    if (size != o.size || sessions != o.sessions) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (!keys[i].equals(o.keys[i]) || !values[i].equals(o.values[i])) {
        return false;
      }
    }
    int clients = Math.max(hasSession.length, o.hasSession.length);
    for (int client = 0; client < clients; client++) {
      boolean mine = client < hasSession.length && hasSession[client];
      boolean theirs = client < o.hasSession.length && o.hasSession[client];
      if (mine != theirs) {
        return false;
      }
      if (mine && (lastSeq[client] != o.lastSeq[client] || !Objects.equals(lastResult[client], o.lastResult[client]))) {
        return false;
      }
    }
    return true;
  }

  /** Index of {@code key}, or -(insertion point) - 1. */
  private int find(String key) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = keys[mid].compareTo(key);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  private void put(String key, String value) {
    int at = find(key);
    if (at >= 0) {
      values[at] = value;
      valueHashes[at] = Hashing.ofString(value);
    } else {
      insert(-at - 1, key, value);
    }
  }

  private void insert(int at, String key, String value) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
      valueHashes = Arrays.copyOf(valueHashes, size * 2);
    }
    System.arraycopy(keys, at, keys, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    System.arraycopy(valueHashes, at, valueHashes, at + 1, size - at);
    keys[at] = key;
    values[at] = value;
    valueHashes[at] = Hashing.ofString(value);
    size++;
  }

  private void ensureClient(int client) {
    if (client < 0) {
      throw new IllegalArgumentException("client id " + client);
    }
    if (client >= hasSession.length) {
      int n = Math.max(client + 1, hasSession.length * 2);
      hasSession = Arrays.copyOf(hasSession, n);
      lastSeq = Arrays.copyOf(lastSeq, n);
      lastResult = Arrays.copyOf(lastResult, n);
      lastResultHash = Arrays.copyOf(lastResultHash, n);
    }
  }
}
