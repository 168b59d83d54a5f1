package dev.raftsim.raft;

/**
 * Everything that travels between processes: the four Raft RPC messages ({@link RaftMessage}) between
 * servers, and the client protocol ({@link ClientRequest}, {@link ClientReply}).
 *
 * <p>Messages are immutable values. Their {@code hashCode} is derived from {@link #fingerprint()} and is
 * therefore stable across JVMs; {@link AppendEntries}, the only record with an array field, defines
 * {@code equals} over the array contents.
 */
public sealed interface Message permits RaftMessage, ClientRequest, ClientReply {

  /** Value-based 64-bit hash over every field (entries included), stable across JVMs. */
  long fingerprint();

  /** Short human form, e.g. {@code AE t3 prev=5/2 n=2 commit=4}. */
  String summary();

  /** The message type's name, e.g. {@code AppendEntries}. */
  String kind();
}
