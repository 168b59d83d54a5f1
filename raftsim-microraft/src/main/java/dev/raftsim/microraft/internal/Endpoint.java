package dev.raftsim.microraft.internal;

import io.microraft.RaftEndpoint;

/**
 * Node {@code id} as MicroRaft's endpoint. A record, so equality and {@code hashCode} are by value: MicroRaft keys
 * {@code HashMap}s and {@code HashSet}s by endpoint (followers' states, votes, query acks, snapshot chunk
 * requests) and iterates some of them, which an identity hash would order differently in every JVM.
 */
public record Endpoint(int id) implements RaftEndpoint {
  private static final Endpoint[] CACHE = new Endpoint[64];

  static {
    for (int i = 0; i < CACHE.length; i++) {
      CACHE[i] = new Endpoint(i);
    }
  }

  public static Endpoint of(int id) {
    return id < CACHE.length ? CACHE[id] : new Endpoint(id);
  }

  /** Node id of a MicroRaft endpoint (only ours ever exist in a run). */
  public static int idOf(RaftEndpoint e) {
    return e == null ? -1 : ((Endpoint) e).id;
  }

  @Override
  public Object getId() {
    return id;
  }

  @Override
  public String toString() {
    return "n" + id;
  }
}
