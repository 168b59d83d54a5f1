package org.example.tinyraft;

import dev.raftsim.spi.KvOperation;
import dev.raftsim.spi.Operation;
import java.util.TreeMap;

/**
 * TinyRaft's replicated state machine: raftsim's KV operations (put, append, get; a get of a missing key reads "")
 * and the example's own counter ({@link Counter}). Sorted maps only: nothing here depends on identity hashes.
 */
final class Store {
  private final TreeMap<String, String> kv = new TreeMap<>();
  private long counter;

  /** Applies {@code op}; returns what the client sees (null for writes). */
  String apply(Operation op) {
    if (op instanceof KvOperation k) {
      return switch (k.kind()) {
        case PUT -> {
          kv.put(k.key(), k.value());
          yield null;
        }
        case APPEND -> {
          kv.merge(k.key(), k.value(), String::concat);
          yield null;
        }
        case GET -> kv.getOrDefault(k.key(), "");
      };
    }
    if (op instanceof Counter.Add a) {
      counter += a.delta();
      return Long.toString(counter);
    }
    if (op instanceof Counter.Read) {
      return Long.toString(counter);
    }
    throw new IllegalArgumentException("TinyRaft cannot apply " + op.describe());
  }

  String read(String key) {
    return kv.get(key);
  }
}
