package org.example.tinyraft;

import dev.raftsim.spi.ClientCommand;
import java.util.List;

/**
 * TinyRaft's messages and log entries: immutable records, so the simulated network may duplicate and reorder them
 * without a copy hook. Their fingerprints (value-based, for raftsim's digest) are in {@link TinyRaft}.
 */
final class Messages {
  private Messages() {}

  /** A log entry; {@code command} is null for a new leader's no-op. */
  record Entry(long term, ClientCommand command) {}

  record RequestVote(long term, int candidate, int lastIndex, long lastTerm) {}

  record Vote(long term, boolean granted) {}

  /** AppendEntries: {@code entries} follow {@code prevIndex}; an empty list is a heartbeat. */
  record Append(long term, int leader, int prevIndex, long prevTerm, List<Entry> entries, int leaderCommit) {
    Append {
      entries = List.copyOf(entries);
    }
  }

  /** {@code matchIndex} on success; on failure, the follower's last index (where the leader should look). */
  record AppendReply(long term, boolean success, int matchIndex) {}

  // Durable records (what TinyRaft writes to its DurableStore), also immutable.

  /** currentTerm and votedFor, written before any message that depends on them. */
  record TermVote(long term, int votedFor) {}

  /** The entry at {@code index}: everything after index - 1 is replaced by it. */
  record Stored(int index, Entry entry) {}
}
