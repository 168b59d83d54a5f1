package dev.raftsim.raft.kv;

import dev.raftsim.raft.Command;
import dev.raftsim.raft.PlantedBug;
import dev.raftsim.raft.RaftConfig;
import dev.raftsim.raft.internal.Hashing;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The replicated key-value map plus a dedup table (clientId -> last applied seq and its result), so that
 * a command retried by its client is applied at most once. Sorted maps keep iteration (and so the
 * digest) independent of hashing.
 */
public final class KvStateMachine {

  private record Session(long lastSeq, String lastResult) {}

  private final TreeMap<String, String> data;
  private final TreeMap<Integer, Session> sessions;
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
    this.data = new TreeMap<>();
    this.sessions = new TreeMap<>();
    this.bugDuplicateApply = bugDuplicateApply;
  }

  /**
   * Applies a committed command and returns its result: the value read for GET ("" if absent), null for
   * PUT and APPEND. {@code null} is the leader's no-op: nothing changes, the result is null. A command
   * whose seq is not above its client's last applied seq is not applied again; the cached result of
   * that client's last command is returned.
   */
  public String apply(Command c) {
    if (c == null) {
      return null;
    }
    Session s = sessions.get(c.clientId());
    if (!bugDuplicateApply && s != null && c.seq() <= s.lastSeq) {
      return s.lastResult;
    }
    String result = switch (c.op()) {
      case PUT -> {
        data.put(c.key(), c.value());
        yield null;
      }
      case APPEND -> {
        data.merge(c.key(), c.value(), String::concat);
        yield null;
      }
      case GET -> data.getOrDefault(c.key(), "");
    };
    if (s == null || c.seq() > s.lastSeq) {
      sessions.put(c.clientId(), new Session(c.seq(), result));
    }
    return result;
  }

  /** The current local value ("" if absent), without going through the log. */
  public String read(String key) {
    return data.getOrDefault(key, "");
  }

  /** Last applied seq of {@code clientId}, 0 if none. */
  public long lastSeq(int clientId) {
    Session s = sessions.get(clientId);
    return s == null ? 0 : s.lastSeq;
  }

  public int size() {
    return data.size();
  }

  /** Read-only view of the map, sorted by key. */
  public SortedMap<String, String> data() {
    return Collections.unmodifiableSortedMap(data);
  }

  /** Value-based digest of the map and the dedup table. */
  public long digest() {
    long h = Hashing.combine(0x4B76534DL, data.size());
    for (Map.Entry<String, String> e : data.entrySet()) {
      h = Hashing.combine(h, Hashing.ofString(e.getKey()));
      h = Hashing.combine(h, Hashing.ofString(e.getValue()));
    }
    h = Hashing.combine(h, sessions.size());
    for (Map.Entry<Integer, Session> e : sessions.entrySet()) {
      h = Hashing.combine(h, e.getKey());
      h = Hashing.combine(h, e.getValue().lastSeq);
      h = Hashing.combine(h, Hashing.ofString(e.getValue().lastResult));
    }
    return h;
  }

  public KvStateMachine copy() {
    KvStateMachine c = new KvStateMachine(bugDuplicateApply);
    c.data.putAll(data);
    c.sessions.putAll(sessions);
    return c;
  }

  public boolean sameState(KvStateMachine o) {
    return data.equals(o.data) && sessions.equals(o.sessions);
  }
}
