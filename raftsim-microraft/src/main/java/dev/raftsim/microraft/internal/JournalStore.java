package dev.raftsim.microraft.internal;

import dev.raftsim.spi.DurableStore;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.log.SnapshotEntry;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStore;
import io.microraft.persistence.RestoredRaftState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MicroRaft's {@link RaftStore} as a journal on the node's simulated disk. Each call writes one record; the
 * {@code persistAndFlush*} calls and {@link #flush()} sync. What a crash leaves (the synced records, and the unsynced
 * ones the disk wrote back) is replayed by {@link #restore} into MicroRaft's {@link RestoredRaftState}. The objects
 * kept in records are MicroRaft's built model objects, which are never written after {@code build()} (see {@link
 * Formats}).
 *
 * <p>The store also tells the server which log indexes changed, so the checkers stay incremental.
 */
final class JournalStore implements RaftStore {
  /** The journal's records. */
  sealed interface Rec {}

  record LocalEndpoint(RaftEndpointPersistentState state) implements Rec {}

  record InitialMembers(RaftGroupMembersView view) implements Rec {}

  record Term(RaftTermPersistentState state) implements Rec {}

  record Entries(List<LogEntry> entries) implements Rec {
    Entries {
      entries = List.copyOf(entries);
    }
  }

  record Chunk(SnapshotChunk chunk) implements Rec {}

  record TruncateFrom(long index) implements Rec {}

  record TruncateUntil(long index) implements Rec {}

  record DeleteChunks(long index) implements Rec {}

  private final DurableStore disk;
  private final MicroRaftServer server;

  JournalStore(DurableStore disk, MicroRaftServer server) {
    this.disk = disk;
    this.server = server;
  }

  @Override
  public void persistAndFlushLocalEndpoint(RaftEndpointPersistentState state) {
    disk.write(new LocalEndpoint(state));
    disk.sync();
  }

  @Override
  public void persistAndFlushInitialGroupMembers(RaftGroupMembersView view) {
    disk.write(new InitialMembers(view));
    disk.sync();
  }

  @Override
  public void persistAndFlushTerm(RaftTermPersistentState state) {
    disk.write(new Term(state));
    disk.sync();
  }

  @Override
  public void persistLogEntries(List<LogEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    disk.write(new Entries(entries));
    server.logChanged(entries.get(0).getIndex());
  }

  @Override
  public void persistSnapshotChunk(SnapshotChunk chunk) {
    disk.write(new Chunk(chunk));
  }

  @Override
  public void truncateLogEntriesFrom(long index) {
    disk.write(new TruncateFrom(index));
    server.logChanged(index);
  }

  @Override
  public void truncateLogEntriesUntil(long index) {
    disk.write(new TruncateUntil(index));
  }

  @Override
  public void deleteSnapshotChunks(long index, int count) {
    disk.write(new DeleteChunks(index));
  }

  @Override
  public void flush() {
    disk.sync();
  }

  /**
   * MicroRaft's restored state from the records that survived a crash (in write order), or null when they do not
   * hold the local endpoint (the node crashed before its first start persisted anything: it starts afresh).
   */
  static RestoredRaftState restore(List<Object> records, RaftModelFactory factory) {
    RaftEndpointPersistentState endpoint = null;
    RaftGroupMembersView initial = null;
    RaftTermPersistentState term = null;
    TreeMap<Long, LogEntry> log = new TreeMap<>();
    TreeMap<Long, TreeMap<Integer, SnapshotChunk>> chunks = new TreeMap<>();
    for (Object o : records) {
      Rec r = (Rec) o;
      if (r instanceof LocalEndpoint e) {
        endpoint = e.state();
      } else if (r instanceof InitialMembers m) {
        initial = m.view();
      } else if (r instanceof Term t) {
        term = t.state();
      } else if (r instanceof Entries e) {
        for (LogEntry entry : e.entries()) {
          log.tailMap(entry.getIndex(), true).clear(); // an append replaces whatever followed (MicroRaft's contract)
          log.put(entry.getIndex(), entry);
        }
      } else if (r instanceof Chunk c) {
        chunks.computeIfAbsent(c.chunk().getIndex(), k -> new TreeMap<>())
            .put(c.chunk().getSnapshotChunkIndex(), c.chunk());
      } else if (r instanceof TruncateFrom t) {
        log.tailMap(t.index(), true).clear();
      } else if (r instanceof TruncateUntil t) {
        log.headMap(t.index(), true).clear();
        chunks.headMap(t.index(), false).clear();
      } else if (r instanceof DeleteChunks d) {
        chunks.remove(d.index());
      }
    }
    if (endpoint == null || initial == null) {
      return null;
    }
    SnapshotEntry snapshot = null;
    for (Map.Entry<Long, TreeMap<Integer, SnapshotChunk>> e : chunks.descendingMap().entrySet()) {
      TreeMap<Integer, SnapshotChunk> parts = e.getValue();
      SnapshotChunk first = parts.firstEntry().getValue();
      if (parts.size() == first.getSnapshotChunkCount()) {
        snapshot = factory.createSnapshotEntryBuilder().setIndex(first.getIndex()).setTerm(first.getTerm())
            .setSnapshotChunks(new ArrayList<>(parts.values())).setGroupMembersView(first.getGroupMembersView())
            .build();
        break;
      }
    }
    List<LogEntry> entries = new ArrayList<>();
    long next = snapshot == null ? 1 : snapshot.getIndex() + 1;
    for (LogEntry entry : log.tailMap(next, true).values()) {
      if (entry.getIndex() != next) {
        break;
      }
      entries.add(entry);
      next++;
    }
    if (term == null) {
      term = factory.createRaftTermPersistentStateBuilder().setTerm(0).setVotedFor(null).build();
    }
    return new RestoredRaftState(endpoint, initial, term, snapshot, entries);
  }
}
