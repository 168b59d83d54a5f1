package dev.raftsim.microraft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.microraft.RaftEndpoint;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.persistence.RestoredRaftState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalStoreTest {
  private final DefaultRaftModelFactory f = new DefaultRaftModelFactory();
  private final List<RaftEndpoint> members = List.of(Endpoint.of(0), Endpoint.of(1), Endpoint.of(2));

  private LogEntry entry(long index, int term) {
    return f.createLogEntryBuilder().setIndex(index).setTerm(term).setOperation(NewTerm.INSTANCE).build();
  }

  private List<Object> start() {
    RaftGroupMembersView view = f.createRaftGroupMembersViewBuilder().setLogIndex(0).setMembers(members)
        .setVotingMembers(members).build();
    List<Object> r = new ArrayList<>();
    r.add(new JournalStore.LocalEndpoint(f.createRaftEndpointPersistentStateBuilder().setLocalEndpoint(Endpoint.of(1))
        .setVoting(true).build()));
    r.add(new JournalStore.InitialMembers(view));
    return r;
  }

  @Test
  void nothingPersistedMeansAFreshStart() {
    assertNull(JournalStore.restore(List.of(), f));
  }

  @Test
  void replaysAppendsAndTruncationsInOrder() {
    List<Object> r = start();
    r.add(new JournalStore.Term(f.createRaftTermPersistentStateBuilder().setTerm(2).setVotedFor(Endpoint.of(0))
        .build()));
    r.add(new JournalStore.Entries(List.of(entry(1, 1), entry(2, 1), entry(3, 1))));
    r.add(new JournalStore.TruncateFrom(2));
    r.add(new JournalStore.Entries(List.of(entry(2, 2))));
    RestoredRaftState s = JournalStore.restore(r, f);
    assertEquals(2, s.getTermPersistentState().getTerm());
    assertEquals(Endpoint.of(0), s.getTermPersistentState().getVotedFor());
    assertEquals(2, s.getLogEntries().size());
    assertEquals(2, s.getLogEntries().get(1).getTerm());
    assertNull(s.getSnapshotEntry());
  }

  @Test
  void aSnapshotCountsOnlyWhenAllItsChunksSurvived() {
    RaftGroupMembersView view = f.createRaftGroupMembersViewBuilder().setLogIndex(0).setMembers(members)
        .setVotingMembers(members).build();
    List<Object> r = start();
    r.add(new JournalStore.Entries(List.of(entry(1, 1), entry(2, 1), entry(3, 1), entry(4, 1))));
    for (int c = 0; c < 2; c++) {
      SnapshotChunk chunk = f.createSnapshotChunkBuilder().setIndex(3).setTerm(1).setOperation("part" + c)
          .setSnapshotChunkIndex(c).setSnapshotChunkCount(2).setGroupMembersView(view).build();
      r.add(new JournalStore.Chunk(chunk));
    }
    r.add(new JournalStore.TruncateUntil(2));
    SnapshotChunk partial = f.createSnapshotChunkBuilder().setIndex(4).setTerm(1).setOperation("x")
        .setSnapshotChunkIndex(0).setSnapshotChunkCount(2).setGroupMembersView(view).build();
    r.add(new JournalStore.Chunk(partial));
    RestoredRaftState s = JournalStore.restore(r, f);
    assertEquals(3, s.getSnapshotEntry().getIndex(), "the incomplete snapshot at 4 is ignored");
    assertEquals(1, s.getLogEntries().size());
    assertEquals(4, s.getLogEntries().get(0).getIndex());
    assertEquals(0, s.getTermPersistentState().getTerm(), "no term record: term 0");
  }
}
