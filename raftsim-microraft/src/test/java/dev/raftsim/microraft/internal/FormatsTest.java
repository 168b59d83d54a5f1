package dev.raftsim.microraft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.spi.ClientCommand;
import dev.raftsim.spi.KvOperation;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.AppendEntriesRequest.AppendEntriesRequestBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fingerprints are by value, summaries are short, and a built MicroRaft message cannot be written again. */
class FormatsTest {
  private final DefaultRaftModelFactory f = new DefaultRaftModelFactory();

  private AppendEntriesRequest append(int term, String value) {
    LogEntry e = f.createLogEntryBuilder().setIndex(4).setTerm(term)
        .setOperation(new ClientCommand(7, 3, new KvOperation(KvOperation.Kind.PUT, "x", value))).build();
    List<LogEntry> entries = new ArrayList<>(List.of(e));
    return f.createAppendEntriesRequestBuilder().setGroupId("raftsim").setSender(Endpoint.of(1)).setTerm(term)
        .setPreviousLogIndex(3).setPreviousLogTerm(1).setCommitIndex(2).setLogEntries(entries)
        .setQuerySequenceNumber(0).setFlowControlSequenceNumber(5).build();
  }

  @Test
  void equalMessagesEqualFingerprintsDifferentOnesDiffer() {
    assertEquals(Formats.FORMAT.fingerprint(append(2, "a")), Formats.FORMAT.fingerprint(append(2, "a")));
    assertNotEquals(Formats.FORMAT.fingerprint(append(2, "a")), Formats.FORMAT.fingerprint(append(3, "a")));
    assertNotEquals(Formats.FORMAT.fingerprint(append(2, "a")), Formats.FORMAT.fingerprint(append(2, "b")));
    assertEquals("AE t2 prev=3/1 n=1 commit=2 q=0", Formats.FORMAT.summary(append(2, "a")));
  }

  @Test
  void votesAndResponsesAreFingerprintedByValue() {
    Object v1 = f.createVoteRequestBuilder().setGroupId("raftsim").setSender(Endpoint.of(2)).setTerm(4)
        .setLastLogIndex(9).setLastLogTerm(3).setSticky(false).build();
    Object v2 = f.createVoteRequestBuilder().setGroupId("raftsim").setSender(Endpoint.of(2)).setTerm(4)
        .setLastLogIndex(9).setLastLogTerm(3).setSticky(true).build();
    assertNotEquals(Formats.FORMAT.fingerprint(v1), Formats.FORMAT.fingerprint(v2));
    Object yes = f.createVoteResponseBuilder().setGroupId("raftsim").setSender(Endpoint.of(0)).setTerm(4)
        .setGranted(true).build();
    assertTrue(Formats.FORMAT.summary(yes).startsWith("Vote-yes"));
    assertThrows(IllegalStateException.class, () -> Formats.FORMAT.fingerprint(unknownMessage()));
  }

  private static Object unknownMessage() {
    return new io.microraft.model.message.RaftMessage() {
      @Override
      public Object getGroupId() {
        return "g";
      }

      @Override
      public io.microraft.RaftEndpoint getSender() {
        return Endpoint.of(0);
      }

      @Override
      public int getTerm() {
        return 1;
      }
    };
  }

  @Test
  void aBuiltMessageCannotBeWrittenAgain() {
    AppendEntriesRequest m = append(2, "a");
    long before = Formats.FORMAT.fingerprint(m);
    // MicroRaft's Default*OrBuilder classes drop their builder in build(): a later setter fails, so the host may
    // share one message between the sender, the network and a duplicate without copying it.
    assertThrows(NullPointerException.class, () -> ((AppendEntriesRequestBuilder) m).setTerm(9));
    assertEquals(before, Formats.FORMAT.fingerprint(m));
    assertTrue(Formats.FORMAT.immutableMessages());
  }

  @Test
  void endpointsHashByValue() {
    assertEquals(new Endpoint(3), Endpoint.of(3));
    assertEquals(new Endpoint(3).hashCode(), Endpoint.of(3).hashCode());
    assertEquals(3, Endpoint.idOf(Endpoint.of(3)));
  }
}
