package dev.raftsim.raft;

import static dev.raftsim.raft.Fixtures.cfg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValuesAndValidationTest {

  private static final RaftOutput SINK = CopyFingerprintTest.SINK;

  @Test
  void plantedBugNamesRoundTrip() {
    assertEquals(24, PlantedBug.values().length);
    for (PlantedBug b : PlantedBug.values()) {
      assertEquals(Optional.of(b), PlantedBug.fromCliName(b.cliName()));
      assertFalse(b.description().isBlank());
    }
    assertEquals(Optional.of(PlantedBug.FIGURE8_COMMIT), PlantedBug.fromCliName("figure8-commit"));
    assertEquals(Optional.empty(), PlantedBug.fromCliName("FIGURE8_COMMIT"));
    assertEquals(Optional.empty(), PlantedBug.fromCliName("no-such-bug"));
    assertEquals(PlantedBug.values().length, new HashSet<>(PlantedBug.cliNames()).size());
    assertTrue(PlantedBug.cliNames().contains("ack-before-persist"));
    assertTrue(PlantedBug.STALE_READ.clientVisible());
    assertFalse(PlantedBug.ACK_BEFORE_PERSIST.clientVisible());
  }

  @Test
  void configCopiesBugsAndValidates() {
    Set<PlantedBug> mutable = new HashSet<>(List.of(PlantedBug.STALE_READ));
    RaftConfig c = new RaftConfig(3, true, 8, mutable);
    mutable.add(PlantedBug.FIGURE8_COMMIT);
    assertTrue(c.has(PlantedBug.STALE_READ));
    assertFalse(c.has(PlantedBug.FIGURE8_COMMIT), "config keeps its own copy");
    assertThrows(UnsupportedOperationException.class, () -> c.bugs().add(PlantedBug.FIGURE8_COMMIT));
    assertEquals(c, new RaftConfig(3, true, 8, EnumSet.of(PlantedBug.STALE_READ)));
    assertEquals(c.hashCode(), new RaftConfig(3, true, 8, EnumSet.of(PlantedBug.STALE_READ)).hashCode());
    RaftConfig d = RaftConfig.defaults(5);
    assertTrue(d.noOpOnElection());
    assertEquals(8, d.maxEntriesPerAppend());
    assertTrue(d.bugs().isEmpty());
    assertEquals(3, d.quorum());
    assertTrue(d.withBug(PlantedBug.FIGURE8_COMMIT).has(PlantedBug.FIGURE8_COMMIT));
    assertThrows(IllegalArgumentException.class, () -> RaftConfig.defaults(0));
    assertThrows(IllegalArgumentException.class, () -> RaftConfig.defaults(3).withMaxEntriesPerAppend(0));
  }

  @Test
  void commandAndEntryDigestsAreValueBased() {
    Command a = new Command(7, 3, Op.PUT, "x", "5");
    Command b = new Command(7, 3, Op.PUT, "x", "5");
    assertEquals(a.digest(), b.digest());
    assertEquals(a.hashCode(), b.hashCode());
    Set<Long> variants = new HashSet<>(List.of(a.digest(),
        new Command(8, 3, Op.PUT, "x", "5").digest(),
        new Command(7, 4, Op.PUT, "x", "5").digest(),
        new Command(7, 3, Op.APPEND, "x", "5").digest(),
        new Command(7, 3, Op.PUT, "y", "5").digest(),
        new Command(7, 3, Op.PUT, "x", "6").digest(),
        new Command(7, 3, Op.GET, "x", null).digest()));
    assertEquals(7, variants.size());
    assertEquals("put x=5 (c7#3)", a.describe());
    assertEquals("get x (c7#4)", new Command(7, 4, Op.GET, "x", null).describe());
    assertEquals("append x+=ab (c7#5)", new Command(7, 5, Op.APPEND, "x", "ab").describe());
    assertEquals(new Entry(2, a).digest(), new Entry(2, b).digest());
    assertNotEquals(new Entry(2, a).digest(), new Entry(3, a).digest());
    assertNotEquals(Entry.noOp(2).digest(), new Entry(2, a).digest());
    assertEquals("no-op", Entry.noOp(2).describe());
    assertThrows(IllegalArgumentException.class, () -> new Command(7, 3, Op.GET, "x", "v"));
    assertThrows(IllegalArgumentException.class, () -> new Command(7, 3, Op.PUT, "x", null));
    assertThrows(IllegalArgumentException.class, () -> new Command(7, 0, Op.PUT, "x", "v"));
    assertThrows(IllegalArgumentException.class, () -> new Entry(0, a));
  }

  @Test
  void messagesHaveValueBasedFingerprintsAndEquality() {
    Entry e1 = new Entry(1, new Command(5, 1, Op.PUT, "a", "1"));
    Entry e1copy = new Entry(1, new Command(5, 1, Op.PUT, "a", "1"));
    AppendEntries ae = new AppendEntries(3, 0, 5, 1, new Entry[] {e1}, 4);
    AppendEntries same = new AppendEntries(3, 0, 5, 1, new Entry[] {e1copy}, 4);
    assertEquals(ae, same, "array contents compared, not identity");
    assertEquals(ae.hashCode(), same.hashCode());
    assertEquals(ae.fingerprint(), same.fingerprint());
    Set<Long> fps = new HashSet<>(List.of(ae.fingerprint(),
        new AppendEntries(3, 0, 5, 1, new Entry[] {new Entry(1, new Command(5, 1, Op.PUT, "a", "2"))}, 4)
            .fingerprint(),
        new AppendEntries(3, 0, 5, 1, AppendEntries.NO_ENTRIES, 4).fingerprint(),
        new AppendEntries(3, 0, 5, 1, new Entry[] {e1}, 3).fingerprint(),
        new AppendEntries(3, 1, 5, 1, new Entry[] {e1}, 4).fingerprint(),
        new RequestVote(3, 0, 5, 1).fingerprint(),
        new RequestVoteReply(3, 0, true).fingerprint(),
        new RequestVoteReply(3, 0, false).fingerprint(),
        AppendEntriesReply.ok(3, 0, 5).fingerprint(),
        AppendEntriesReply.reject(3, 0, 5, 1).fingerprint(),
        new ClientRequest(5, 1, Op.PUT, "a", "1").fingerprint(),
        new ClientReply(5, 1, true, null, 0).fingerprint(),
        new ClientReply(5, 1, true, "", 0).fingerprint()));
    assertEquals(13, fps.size());
  }

  /** ClientRequest carries its fingerprint, so it is a class: it must still behave as the record it was. */
  @Test
  void aClientRequestBehavesAsTheRecordItWas() {
    ClientRequest a = new ClientRequest(4, 2, Op.APPEND, "x", "ab");
    ClientRequest b = ClientRequest.of(new Command(4, 2, Op.APPEND, "x", "ab"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals("ClientRequest[clientId=4, seq=2, op=APPEND, key=x, value=ab]", a.toString());
    assertEquals(new Command(4, 2, Op.APPEND, "x", "ab"), a.toCommand());
    assertEquals(4, a.clientId());
    assertEquals(2, a.seq());
    assertEquals("x", a.key());
    assertEquals("ab", a.value());
    assertNotEquals(a, new ClientRequest(4, 2, Op.PUT, "x", "ab"));
    assertNotEquals(a, new ClientRequest(4, 3, Op.APPEND, "x", "ab"));
    assertNotEquals(a, new ClientRequest(4, 2, Op.APPEND, "y", "ab"));
    assertEquals(new ClientRequest(1, 1, Op.GET, "k", null), new ClientRequest(1, 1, Op.GET, "k", null));
  }

  @Test
  void summariesAreShort() {
    assertEquals("AE t3 prev=5/2 n=0 commit=4",
        new AppendEntries(3, 0, 5, 2, AppendEntries.NO_ENTRIES, 4).summary());
    assertEquals("AER t3 ok match=7", AppendEntriesReply.ok(3, 1, 7).summary());
    assertEquals("AER t3 fail conflict=4/2", AppendEntriesReply.reject(3, 1, 4, 2).summary());
    assertEquals("RV t4 last=7/3", new RequestVote(4, 1, 7, 3).summary());
    assertEquals("RVR t4 granted", new RequestVoteReply(4, 1, true).summary());
    assertEquals("CR put x=5 (c4#2)", new ClientRequest(4, 2, Op.PUT, "x", "5").summary());
    assertEquals("CRR c4#2 retry leader=n2", new ClientReply(4, 2, false, null, 1).summary());
    assertEquals("AppendEntries", new AppendEntries(3, 0, 0, 0, AppendEntries.NO_ENTRIES, 0).kind());
  }

  @Test
  void malformedMessagesAreRejectedAtConstruction() {
    Entry t2 = new Entry(2, null);
    assertThrows(IllegalArgumentException.class, () -> new AppendEntries(3, 0, -1, 0, AppendEntries.NO_ENTRIES, 0));
    assertThrows(IllegalArgumentException.class, () -> new AppendEntries(3, 0, 1, 0, AppendEntries.NO_ENTRIES, 0));
    assertThrows(IllegalArgumentException.class, () -> new AppendEntries(1, 0, 0, 0, new Entry[] {t2}, 0),
        "entry term above message term");
    assertThrows(IllegalArgumentException.class, () -> new AppendEntries(3, 0, 1, 3, new Entry[] {t2}, 0),
        "entry term below prevLogTerm");
    assertThrows(NullPointerException.class, () -> new AppendEntries(3, 0, 0, 0, new Entry[] {null}, 0));
    assertThrows(IllegalArgumentException.class, () -> new RequestVote(0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RequestVote(2, 0, 1, 3));
    assertThrows(IllegalArgumentException.class, () -> new AppendEntriesReply(1, 0, true, 1, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> new ClientReply(4, 2, false, null, -2));
    assertThrows(IllegalArgumentException.class, () -> new ClientRequest(4, 2, Op.GET, "x", "v"));
  }

  @Test
  void nodeRejectsBadInputsLoudly() {
    RaftNode node = new RaftNode(0, cfg(3));
    RequestVote rv = new RequestVote(1, 1, 0, 0);
    assertThrows(IllegalArgumentException.class, () -> node.step(3, rv, SINK), "sender outside the cluster");
    assertThrows(IllegalArgumentException.class, () -> node.step(-1, rv, SINK));
    assertThrows(IllegalArgumentException.class, () -> node.step(2, rv, SINK), "claims to be node 1");
    assertThrows(IllegalArgumentException.class, () -> node.step(0, new RequestVote(1, 0, 0, 0), SINK), "self");
    assertThrows(IllegalArgumentException.class,
        () -> node.step(1, new ClientRequest(5, 1, Op.GET, "x", null), SINK), "client message");
    assertThrows(IndexOutOfBoundsException.class, () -> node.termAt(1));
    assertThrows(IndexOutOfBoundsException.class, () -> node.termAt(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> node.entryAt(0));
    assertThrows(IllegalStateException.class, () -> node.nextIndex(1), "not a leader");
    assertThrows(IllegalArgumentException.class, () -> new RaftNode(3, cfg(3)));
    assertEquals(0, node.termAt(0));
    assertEquals(0, node.currentTerm(), "rejected inputs changed nothing");
  }
}
