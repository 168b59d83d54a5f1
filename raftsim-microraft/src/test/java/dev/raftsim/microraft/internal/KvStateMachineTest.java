package dev.raftsim.microraft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.KvOperation;
import dev.raftsim.spi.KvOperation.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {
  static final class Recorder implements KvStateMachine.Sink {
    final List<String> events = new ArrayList<>();
    long takenDigest;
    long installedDigest;

    @Override
    public void applied(long index, int clientId, long seq) {
      events.add("applied " + index + " c" + clientId + "#" + seq);
    }

    @Override
    public void readServed(ClientCommand command) {
      events.add("read c" + command.clientId() + "#" + command.seq());
    }

    @Override
    public void snapshotTaken(long index, long digest) {
      takenDigest = digest;
      events.add("taken " + index);
    }

    @Override
    public void snapshotInstalled(long index, long digest) {
      installedDigest = digest;
      events.add("installed " + index);
    }
  }

  private static ClientCommand cmd(int client, long seq, Kind kind, String key, String value) {
    return new ClientCommand(client, seq, new KvOperation(kind, key, value));
  }

  @Test
  void appliesEachCommandOnceAndAnswersARetryWithItsFirstResult() {
    Recorder r = new Recorder();
    KvStateMachine m = new KvStateMachine(r, 1);
    m.runOperation(1, cmd(5, 1, Kind.APPEND, "x", "a;"));
    m.runOperation(2, cmd(5, 1, Kind.APPEND, "x", "a;")); // the retry, committed again
    m.runOperation(3, cmd(6, 1, Kind.APPEND, "x", "b;"));
    assertEquals("a;b;", m.read("x"));
    assertEquals("a;b;", m.runOperation(4, cmd(5, 2, Kind.GET, "x", null)));
    assertEquals("a;b;", m.runOperation(5, cmd(5, 2, Kind.GET, "x", null)), "a retried GET keeps its first answer");
    assertEquals("", m.runOperation(6, cmd(6, 2, Kind.GET, "nothing", null)), "a missing key reads as empty");
    assertEquals(List.of("applied 1 c5#1", "applied 2 c5#1", "applied 3 c6#1", "applied 4 c5#2", "applied 5 c5#2",
        "applied 6 c6#2"), r.events, "every applied index is reported, retries included");
  }

  @Test
  void queriesReadWithoutApplyingAndReportTheRead() {
    Recorder r = new Recorder();
    KvStateMachine m = new KvStateMachine(r, 1);
    m.runOperation(1, cmd(5, 1, Kind.PUT, "k", "v"));
    assertEquals("v", m.runOperation(1, new KvStateMachine.Query(cmd(6, 1, Kind.GET, "k", null))));
    assertEquals(List.of("applied 1 c5#1", "read c6#1"), r.events);
  }

  @Test
  void noOpsAndMembershipEntriesAreReportedWithoutACommand() {
    Recorder r = new Recorder();
    KvStateMachine m = new KvStateMachine(r, 1);
    m.runOperation(1, m.getNewTermOperation());
    m.onInternalCommit(2);
    assertEquals(List.of("applied 1 c-1#0", "applied 2 c-1#0"), r.events);
    assertThrows(IllegalArgumentException.class, () -> m.runOperation(3, "junk"));
  }

  @Test
  void aSnapshotInChunksRestoresTheSameStateAndDigest() {
    for (int chunks = 1; chunks <= 3; chunks++) {
      Recorder r = new Recorder();
      KvStateMachine m = new KvStateMachine(r, chunks);
      m.runOperation(1, cmd(5, 1, Kind.PUT, "a", "1"));
      m.runOperation(2, cmd(5, 2, Kind.PUT, "b", "2"));
      m.runOperation(3, cmd(6, 1, Kind.APPEND, "c", "3"));
      List<Object> parts = new ArrayList<>();
      m.takeSnapshot(3, parts::add);
      assertEquals(chunks, parts.size());
      Recorder r2 = new Recorder();
      KvStateMachine copy = new KvStateMachine(r2, chunks);
      copy.installSnapshot(3, parts);
      assertEquals(r.takenDigest, r2.installedDigest);
      assertEquals(m.digest(), copy.digest());
      assertEquals("2", copy.read("b"));
      // deduplication survives the snapshot: the retry of c5#2 is not applied again
      copy.runOperation(4, cmd(5, 2, Kind.PUT, "b", "2"));
      assertEquals(m.digest(), copy.digest());
      copy.runOperation(5, cmd(5, 3, Kind.PUT, "b", "9"));
      assertNotEquals(m.digest(), copy.digest());
    }
  }

  /** The state's digest is read without copying the maps; it must stay the digest of a chunk holding the state. */
  @Test
  void theDigestIsThatOfAChunkHoldingTheWholeState() {
    KvStateMachine m = new KvStateMachine(new Recorder(), 2);
    m.runOperation(1, cmd(7, 1, Kind.PUT, "b", "2"));
    m.runOperation(2, cmd(5, 1, Kind.APPEND, "a", "1;"));
    m.runOperation(3, cmd(6, 1, Kind.GET, "a", null));
    java.util.Map<String, String> kv = new java.util.HashMap<>(java.util.Map.of("a", "1;", "b", "2"));
    java.util.Map<Integer, KvStateMachine.Applied> applied = new java.util.HashMap<>(java.util.Map.of(
        7, new KvStateMachine.Applied(1, null), 5, new KvStateMachine.Applied(1, null),
        6, new KvStateMachine.Applied(1, "1;")));
    assertEquals(new KvStateMachine.Chunk(kv, applied).digest(), m.digest());
  }
}
