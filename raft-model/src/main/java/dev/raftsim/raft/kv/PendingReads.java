package dev.raftsim.raft.kv;

import dev.raftsim.raft.ClientRequest;
import dev.raftsim.raft.ReadMode;
import dev.raftsim.raft.internal.Hashing;
import java.util.Arrays;

/**
 * GETs a leader answers without the log, waiting for their read round to be confirmed and their read index to be
 * applied. Parallel arrays in arrival order (a handful at a time: one per client at most, plus retries).
 */
final class PendingReads {
  ClientRequest[] requests = new ClientRequest[4];
  int[] readIndexes = new int[4];
  /** The read round a quorum must acknowledge; 0 when a lease already vouches for the leader. */
  long[] rounds = new long[4];
  ReadMode[] modes = new ReadMode[4];
  int size;

  void add(ClientRequest req, int readIndex, long round, ReadMode mode) {
    if (size == requests.length) {
      requests = Arrays.copyOf(requests, size * 2);
      readIndexes = Arrays.copyOf(readIndexes, size * 2);
      rounds = Arrays.copyOf(rounds, size * 2);
      modes = Arrays.copyOf(modes, size * 2);
    }
    requests[size] = req;
    readIndexes[size] = readIndex;
    rounds[size] = round;
    modes[size] = mode;
    size++;
  }

  void removeAt(int i) {
    System.arraycopy(requests, i + 1, requests, i, size - i - 1);
    System.arraycopy(readIndexes, i + 1, readIndexes, i, size - i - 1);
    System.arraycopy(rounds, i + 1, rounds, i, size - i - 1);
    System.arraycopy(modes, i + 1, modes, i, size - i - 1);
    size--;
    requests[size] = null;
    modes[size] = null;
  }

  void copyFrom(PendingReads o) {
    for (int i = 0; i < o.size; i++) {
      add(o.requests[i], o.readIndexes[i], o.rounds[i], o.modes[i]);
    }
  }

  long fingerprint(long h) {
    for (int i = 0; i < size; i++) {
      h = Hashing.combine(h, requests[i].fingerprint());
      h = Hashing.combine(h, readIndexes[i]);
      h = Hashing.combine(h, rounds[i]);
      h = Hashing.combine(h, modes[i].ordinal());
    }
    return h;
  }
}
