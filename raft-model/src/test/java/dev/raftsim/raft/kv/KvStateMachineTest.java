package dev.raftsim.raft.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.Command;
import dev.raftsim.raft.Op;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {

  @Test
  void putAppendGetSemantics() {
    KvStateMachine sm = new KvStateMachine();
    assertEquals("", sm.apply(new Command(5, 1, Op.GET, "x", null)), "absent key reads as empty");
    assertNull(sm.apply(new Command(5, 2, Op.APPEND, "x", "ab")));
    assertEquals("ab", sm.read("x"), "append to a missing key starts from empty");
    sm.apply(new Command(6, 1, Op.APPEND, "x", "c"));
    assertEquals("abc", sm.apply(new Command(5, 3, Op.GET, "x", null)));
    sm.apply(new Command(6, 2, Op.PUT, "x", "z"));
    assertEquals("z", sm.read("x"));
    assertEquals("", sm.read("y"));
  }

  @Test
  void retriedCommandIsNotReappliedAndReturnsCachedResult() {
    KvStateMachine sm = new KvStateMachine();
    sm.apply(new Command(5, 1, Op.PUT, "x", "1"));
    assertEquals("1", sm.apply(new Command(5, 2, Op.GET, "x", null)));
    sm.apply(new Command(6, 1, Op.PUT, "x", "2"));
    assertEquals("1", sm.apply(new Command(5, 2, Op.GET, "x", null)), "the first execution's result");
    Command append = new Command(5, 3, Op.APPEND, "x", "+");
    sm.apply(append);
    sm.apply(append);
    assertEquals("2+", sm.read("x"));
    sm.apply(new Command(5, 1, Op.PUT, "x", "old")); // older than the client's last seq
    assertEquals("2+", sm.read("x"));
    assertEquals(3, sm.lastSeq(5));
    assertEquals(0, sm.lastSeq(7));
  }

  @Test
  void noOpChangesNothing() {
    KvStateMachine sm = new KvStateMachine();
    sm.apply(new Command(5, 1, Op.PUT, "x", "1"));
    long before = sm.digest();
    assertNull(sm.apply(null));
    assertEquals(before, sm.digest());
  }

  @Test
  void digestIsValueBasedAndCopyIndependent() {
    KvStateMachine a = new KvStateMachine();
    KvStateMachine b = new KvStateMachine();
    a.apply(new Command(5, 1, Op.PUT, "x", "1"));
    a.apply(new Command(6, 1, Op.PUT, "y", "2"));
    b.apply(new Command(6, 1, Op.PUT, "y", "2"));
    b.apply(new Command(5, 1, Op.PUT, "x", "1"));
    assertEquals(a.digest(), b.digest(), "insertion order does not matter");
    assertTrue(a.sameState(b));
    KvStateMachine c = a.copy();
    c.apply(new Command(5, 2, Op.PUT, "x", "3"));
    assertEquals("1", a.read("x"));
    assertNotEquals(a.digest(), c.digest());
    KvStateMachine d = new KvStateMachine();
    d.apply(new Command(5, 1, Op.PUT, "x", "1"));
    d.apply(new Command(7, 1, Op.PUT, "y", "2"));
    assertNotEquals(a.digest(), d.digest(), "same data, different dedup table");
  }
}
