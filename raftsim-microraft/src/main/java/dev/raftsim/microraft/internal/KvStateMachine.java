package dev.raftsim.microraft.internal;

import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.KvOperation;
import io.microraft.impl.statemachine.InternalCommitAware;
import io.microraft.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The KV workload's state machine inside MicroRaft, with client deduplication: a command retried with the same
 * {@code (clientId, seq)} takes effect once and its first result is returned again. It reports every applied log
 * index to the host, membership entries included: MicroRaft applies those itself and tells a state machine only
 * through its internal {@code InternalCommitAware} callback, which this class implements (an internal type of
 * MicroRaft; without it the host's linearizability witness would stop at the first membership entry).
 */
final class KvStateMachine implements StateMachine, InternalCommitAware {
  /** Where the state machine reports what it did (the server; a recorder in tests). */
  interface Sink {
    void applied(long index, int clientId, long seq);

    void readServed(ClientCommand command);

    void snapshotTaken(long index, long digest);

    void snapshotInstalled(long index, long digest);

    /** A membership entry at {@code index} took effect (MicroRaft applied it internally). */
    default void membershipApplied(long index) {}
  }

  /** A read served by {@code RaftNode.query} (ReadIndex or lease), not through the log. */
  record Query(ClientCommand command) {}

  /** The last command applied for a client and its result. */
  record Applied(long seq, String result) {}

  /** One snapshot chunk: part of the keys, and (in chunk 0) the deduplication table. Immutable. */
  record Chunk(Map<String, String> kv, Map<Integer, Applied> applied) {
    Chunk {
      kv = java.util.Collections.unmodifiableMap(new TreeMap<>(kv));
      applied = java.util.Collections.unmodifiableMap(new TreeMap<>(applied));
    }

    long digest() {
      return digestOf(kv, applied);
    }

    /** The digest of a chunk holding {@code kv} and {@code applied} (both iterated in key order), without a copy. */
    static long digestOf(Map<String, String> kv, Map<Integer, Applied> applied) {
      long h = 0x6368756e6bL;
      for (Map.Entry<String, String> e : kv.entrySet()) {
        h = Tuning.mix(h ^ e.getKey().hashCode() * 31L ^ e.getValue().hashCode());
      }
      for (Map.Entry<Integer, Applied> e : applied.entrySet()) {
        Applied a = e.getValue();
        h = Tuning.mix(h ^ e.getKey() * 31L ^ a.seq() << 20 ^ (a.result() == null ? 7 : a.result().hashCode()));
      }
      return h;
    }
  }

  private final Sink server;
  private final int chunks;
  private final TreeMap<String, String> kv = new TreeMap<>();
  private final TreeMap<Integer, Applied> applied = new TreeMap<>();

  KvStateMachine(Sink server, int chunks) {
    this.server = server;
    this.chunks = chunks;
  }

  @Override
  public Object runOperation(long commitIndex, Object operation) {
    if (operation instanceof ClientCommand c) {
      Applied last = applied.get(c.clientId());
      String result;
      if (last != null && c.seq() <= last.seq()) {
        // An older retry: its client has moved on and ignores the answer.
        result = c.seq() == last.seq() ? last.result() : "";
      } else {
        result = apply((KvOperation) c.operation());
        applied.put(c.clientId(), new Applied(c.seq(), result));
      }
      server.applied(commitIndex, c.clientId(), c.seq());
      return result;
    }
    if (operation instanceof Query q) {
      KvOperation op = (KvOperation) q.command().operation();
      String value = kv.getOrDefault(op.key(), "");
      server.readServed(q.command());
      return value;
    }
    if (operation instanceof NewTerm) {
      server.applied(commitIndex, -1, 0);
      return null;
    }
    throw new IllegalArgumentException("unknown operation " + operation);
  }

  private String apply(KvOperation op) {
    switch (op.kind()) {
      case PUT:
        kv.put(op.key(), op.value());
        return null;
      case APPEND:
        kv.merge(op.key(), op.value(), String::concat);
        return null;
      default:
        return kv.getOrDefault(op.key(), ""); // a missing key reads as empty, as in the workload's model
    }
  }

  @Override
  public void onInternalCommit(long commitIndex) {
    server.applied(commitIndex, -1, 0);
    server.membershipApplied(commitIndex);
  }

  @Override
  public void takeSnapshot(long commitIndex, Consumer<Object> consumer) {
    if (chunks == 1) {
      consumer.accept(new Chunk(kv, applied)); // the Chunk copies; no intermediate parts needed
      server.snapshotTaken(commitIndex, digest());
      return;
    }
    List<TreeMap<String, String>> parts = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      parts.add(new TreeMap<>());
    }
    int i = 0;
    for (Map.Entry<String, String> e : kv.entrySet()) {
      parts.get(i++ % chunks).put(e.getKey(), e.getValue());
    }
    for (int c = 0; c < chunks; c++) {
      consumer.accept(new Chunk(parts.get(c), c == 0 ? applied : Map.of()));
    }
    server.snapshotTaken(commitIndex, digest());
  }

  @Override
  public void installSnapshot(long commitIndex, List<Object> snapshotChunks) {
    kv.clear();
    applied.clear();
    for (Object o : snapshotChunks) {
      Chunk c = (Chunk) o;
      kv.putAll(c.kv());
      applied.putAll(c.applied());
    }
    server.snapshotInstalled(commitIndex, digest());
  }

  @Override
  public Object getNewTermOperation() {
    return NewTerm.INSTANCE;
  }

  /** Value-based digest of the whole state (keys, values and the deduplication table). */
  long digest() {
    // Both maps are TreeMaps, so they iterate in the order a Chunk's copies would: the same digest, no copies (a
    // snapshot is taken every few entries in many schedules, and this was a visible share of a hunt's time).
    return Chunk.digestOf(kv, applied);
  }

  String read(String key) {
    return kv.get(key);
  }
}
