package dev.raftsim.raft.kv;

import dev.raftsim.raft.Message;
import dev.raftsim.raft.Op;

/** Effects of a {@link KvClient}, implemented by the host. The retry timer is one-shot. */
public interface ClientOutput {

  void send(int to, Message m);

  void resetRetryTimer();

  void cancelRetryTimer();

  /** The operation (clientId, seq) completed with {@code result} (null for PUT/APPEND). */
  void completed(int clientId, long seq, Op op, String key, String value, String result);
}
