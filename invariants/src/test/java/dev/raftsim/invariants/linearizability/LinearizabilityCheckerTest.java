package dev.raftsim.invariants.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.linearizability.LinearizabilityChecker.Budget;
import dev.raftsim.invariants.linearizability.LinearizabilityChecker.Outcome;
import dev.raftsim.invariants.linearizability.LinearizabilityChecker.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
  private static final long P = Operation.PENDING;
  private final LinearizabilityChecker checker = new LinearizabilityChecker();
  private int nextId;

  /** Times in the tests are written in milliseconds; the history is in microseconds. */
  private static long ms(double millis) {
    return Math.round(millis * 1000);
  }

  private Operation put(int client, String key, String value, double from, double to) {
    return Operation.put(nextId++, client, key, value, ms(from), to < 0 ? P : ms(to));
  }

  private Operation append(int client, String key, String value, double from, double to) {
    return Operation.append(nextId++, client, key, value, ms(from), to < 0 ? P : ms(to));
  }

  private Operation get(int client, String key, String value, double from, double to) {
    return Operation.get(nextId++, client, key, to < 0 ? null : value, ms(from), to < 0 ? P : ms(to));
  }

  private Result assertLinearizable(List<Operation> history) {
    Result r = checker.check(history);
    assertEquals(Outcome.LINEARIZABLE, r.outcome(), r.message());
    assertNull(r.key());
    assertTrue(r.offending().isEmpty());
    return r;
  }

  private Result assertViolation(String key, List<Operation> history) {
    Result r = checker.check(history);
    assertEquals(Outcome.NOT_LINEARIZABLE, r.outcome(), r.message());
    assertEquals(key, r.key());
    assertTrue(r.message().startsWith("key " + key + ": "), r.message());
    assertTrue(r.message().contains("ops that cannot be ordered"), r.message());
    assertTrue(!r.offending().isEmpty());
    for (Operation o : r.offending()) {
      assertEquals(key, o.key());
      assertTrue(history.contains(o), "witness op not from the history: " + o);
    }
    // The witness must be a genuine one: on its own it cannot be ordered either.
    assertEquals(Outcome.NOT_LINEARIZABLE, checker.check(r.offending()).outcome(), r.message());
    if (r.offending().size() <= 8) {
      assertTrue(!BruteForceChecker.linearizable(r.offending()), r.message());
    }
    assertTrue(!r.message().contains("\n"), "message must be one paragraph");
    return r;
  }

  @Test
  void emptyHistoryIsLinearizable() {
    Result r = assertLinearizable(List.of());
    assertEquals(0, r.statesExplored());
  }

  @Test
  void sequentialHistoryIsLinearizable() {
    assertLinearizable(
        List.of(
            get(1, "x", "", 0, 1),
            put(1, "x", "5", 2, 3),
            get(2, "x", "5", 4, 5),
            append(2, "x", "7", 6, 7),
            get(1, "x", "57", 8, 9),
            put(3, "x", "", 10, 11),
            get(3, "x", "", 12, 13),
            append(1, "x", "a", 14, 15),
            get(2, "x", "a", 16, 17)));
  }

  @Test
  void overlappingPutAndGetMaySeeEitherValue() {
    Operation w0 = put(1, "x", "1", 0, 1);
    Operation w = put(1, "x", "2", 2, 10);
    assertLinearizable(List.of(w0, w, get(2, "x", "1", 3, 4)));
    assertLinearizable(List.of(w0, w, get(2, "x", "2", 3, 4)));
    // Both reads inside the write, the first seeing the new value and the second the old one: impossible.
    assertViolation("x", List.of(w0, w, get(2, "x", "2", 3, 4), get(3, "x", "1", 5, 6)));
  }

  @Test
  void concurrentAppendsMayApplyInEitherOrder() {
    Operation a = append(1, "x", "a", 0, 10);
    Operation b = append(2, "x", "b", 1, 9);
    assertLinearizable(List.of(a, b, get(3, "x", "ab", 11, 12)));
    assertLinearizable(List.of(a, b, get(3, "x", "ba", 11, 12)));
    assertLinearizable(List.of(a, b, get(3, "x", "b", 2, 3), get(3, "x", "ba", 11, 12)));
    // Two readers disagreeing about the order.
    assertViolation("x", List.of(a, b, get(3, "x", "ab", 11, 12), get(4, "x", "ba", 13, 14)));
  }

  @Test
  void equalTimestampsMeanConcurrentNotOrdered() {
    // A precedes B only if A completes strictly before B is invoked.
    Operation w = put(1, "x", "1", 0, 10);
    assertLinearizable(List.of(w, get(2, "x", "", 10, 20)));
    Result r = assertViolation("x", List.of(w, get(2, "x", "", 10.001, 20)));
    assertEquals(2, r.offending().size());
  }

  @Test
  void staleReadAfterCompletedWrite() {
    List<Operation> history = new ArrayList<>();
    history.add(put(1, "x", "1", 10, 20));
    history.add(put(2, "x", "2", 25, 35));
    Operation stale = get(3, "x", "1", 40, 41);
    history.add(stale);
    // Noise around it that must not end up in the witness.
    history.add(get(1, "x", "2", 36, 37));
    history.add(put(1, "x", "3", 50, 51));
    history.add(get(2, "x", "3", 52, 53));
    Result r = assertViolation("x", history);
    assertTrue(r.offending().size() <= 3, r.message());
    assertTrue(r.offending().contains(stale), r.message());
    assertTrue(r.message().contains("stale read"), r.message());
    assertTrue(r.message().contains("c3 get(x) -> \"1\" [40.0 ms, 41.0 ms]"), r.message());
    assertTrue(r.message().contains("c2 put(x, \"2\") -> ok [25.0 ms, 35.0 ms], which completed at 35.0 ms"),
        r.message());
  }

  @Test
  void staleReadWitnessStaysSmallInALongHistory() {
    List<Operation> history = new ArrayList<>();
    double t = 0;
    for (int i = 0; i < 100; i++) {
      history.add(put(1 + i % 3, "x", Integer.toString(i), t, t + 1));
      history.add(get(1 + (i + 1) % 3, "x", Integer.toString(i), t + 2, t + 3));
      t += 4;
    }
    // Reads "42" long after later writes completed.
    Operation stale = get(7, "x", "42", t, t + 1);
    history.add(stale);
    Result r = assertViolation("x", history);
    assertTrue(r.offending().size() <= 3, r.message());
    assertTrue(r.offending().contains(stale));
    assertTrue(r.message().contains("stale read"), r.message());
  }

  @Test
  void lostUpdateIsCaught() {
    Operation a = append(1, "x", "a", 0, 10);
    Operation b = append(2, "x", "b", 0, 10);
    Operation read = get(3, "x", "a", 20, 21);
    Result r = assertViolation("x", List.of(a, b, read));
    assertEquals(List.of(a, b, read), r.offending());
    assertTrue(r.message().contains("does not reflect c2 append(x, \"b\")"), r.message());
  }

  @Test
  void readOfAValueNeverWritten() {
    Operation read = get(1, "x", "5", 30, 31);
    Result r = assertViolation("x", List.of(put(2, "x", "1", 0, 10), put(2, "x", "2", 12, 20), read));
    assertEquals(List.of(read), r.offending());
    assertTrue(r.message().contains("c1 get(x) -> \"5\" [30.0 ms, 31.0 ms] read a value that no combination"),
        r.message());
  }

  @Test
  void readSeeingADuplicatedAppend() {
    Operation read = get(2, "x", "11", 20, 21);
    Result r = assertViolation("x", List.of(append(1, "x", "1", 0, 10), read));
    assertEquals(List.of(read), r.offending());
    // Two appends of "1" would explain it.
    assertLinearizable(List.of(append(1, "x", "1", 0, 10), append(3, "x", "1", 11, 12), get(2, "x", "11", 20, 21)));
  }

  @Test
  void nonMonotonicReadsBySequentialGets() {
    Operation w = put(1, "x", "1", 0, 100);
    Operation first = get(2, "x", "1", 10, 20);
    Operation second = get(3, "x", "", 30, 40);
    Result r = assertViolation("x", List.of(w, first, second));
    assertEquals(3, r.offending().size(), r.message());
    assertTrue(r.message().contains("began after c2 get(x) -> \"1\""), r.message());
    // The same two reads in the other order are fine: the write lands between them.
    assertLinearizable(List.of(w, get(2, "x", "", 10, 20), get(3, "x", "1", 30, 40)));
  }

  @Test
  void pendingWriteMayOrMayNotHaveHappened() {
    Operation pending = put(1, "x", "9", 10, -1);
    assertLinearizable(List.of(pending, get(2, "x", "", 20, 21)));
    assertLinearizable(List.of(pending, get(2, "x", "9", 20, 21)));
    // It may land long after its client gave up.
    assertLinearizable(List.of(pending, get(2, "x", "", 20, 21), get(2, "x", "9", 5000, 5001)));
    // But once seen it stays (no later write undoes it) ...
    assertViolation("x", List.of(pending, get(2, "x", "9", 20, 21), get(2, "x", "", 5000, 5001)));
    // ... and it cannot take effect before it was invoked.
    assertViolation("x", List.of(pending, get(2, "x", "9", 0, 5)));
  }

  @Test
  void pendingAppendsAreOptionalIndividually() {
    Operation a = append(1, "x", "a", 0, -1);
    Operation b = append(2, "x", "b", 0, -1);
    assertLinearizable(List.of(a, b, get(3, "x", "b", 10, 11)));
    assertLinearizable(List.of(a, b, get(3, "x", "ab", 10, 11)));
    assertLinearizable(List.of(a, b, get(3, "x", "", 10, 11), get(3, "x", "ba", 12, 13)));
    assertViolation("x", List.of(a, b, get(3, "x", "aa", 10, 11)));
  }

  @Test
  void completedReadCannotSeeAWriteInvokedAfterItCompleted() {
    Operation read = get(1, "x", "5", 0, 10);
    Operation later = put(2, "x", "5", 11, -1);
    Result r = assertViolation("x", List.of(read, later));
    assertTrue(r.message().contains("no write could have produced at that time"), r.message());
    assertTrue(r.message().contains("c2 put(x, \"5\") [invoked 11.0 ms] (never completed)"), r.message());
    // Same with a completed write.
    assertViolation("x", List.of(read, put(2, "x", "5", 11, 12)));
  }

  @Test
  void pendingReadsConstrainNothing() {
    assertLinearizable(List.of(put(1, "x", "1", 0, 1), get(2, "x", null, 2, -1), get(3, "x", "1", 5, 6)));
  }

  @Test
  void violationIsReportedOnItsKeyOnly() {
    List<Operation> history = new ArrayList<>();
    history.add(put(1, "a", "1", 0, 1));
    history.add(get(2, "a", "1", 2, 3));
    history.add(put(1, "b", "1", 0, 1));
    history.add(put(1, "b", "2", 2, 3));
    history.add(get(2, "b", "1", 4, 5));
    history.add(put(1, "c", "7", 0, 1));
    history.add(get(3, "c", "7", 2, 3));
    Result r = assertViolation("b", history);
    assertEquals(3, r.offending().size());
    // Without key b's stale read the rest is fine.
    history.remove(4);
    assertLinearizable(history);
  }

  @Test
  void keysAreIndependent() {
    // Interleaved in time, each key on its own is fine; a single-register view of it would not be.
    assertLinearizable(
        List.of(
            put(1, "x", "1", 0, 1),
            put(2, "y", "2", 2, 3),
            get(3, "x", "1", 4, 5),
            get(3, "y", "2", 6, 7)));
  }

  @Test
  void manyConcurrentAppendsAreOrderedByTheReadThatFollows() {
    // 40 appends all overlapping, then a read showing one particular order of them: the search must not try
    // the 40! orders; a wrong value one character off must still be caught.
    List<Operation> history = new ArrayList<>();
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      history.add(append(1 + i % 5, "x", "<" + i + ">", i * 0.01, 10));
      order.insert(0, "<" + i + ">");
    }
    history.add(get(6, "x", order.toString(), 20, 21));
    Result ok = assertLinearizable(history);
    assertTrue(ok.statesExplored() < 10_000, "states " + ok.statesExplored());
    history.set(history.size() - 1, get(6, "x", order.substring(1), 20, 21));
    assertViolation("x", history);
  }

  @Test
  void unobservedPendingWritesDoNotSlowTheSearchDown() {
    // Timed-out writes nobody ever read, interleaved with a busy sequential workload.
    List<Operation> history = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      history.add(append(1, "x", "a" + i + ";", i * 10, i * 10 + 2));
      history.add(append(2, "x", "lost" + i + ";", i * 10 + 1, -1));
    }
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      all.append("a").append(i).append(';');
    }
    history.add(get(3, "x", all.toString(), 5000, 5001));
    Result r = assertLinearizable(history);
    assertTrue(r.statesExplored() < 1_000, "states " + r.statesExplored());
  }

  @Test
  void retriedIdenticalOperationsDoNotMultiplyTheSearch() {
    // Clients retrying the same write and polling the same value: 2^40 subsets if told apart, a handful of
    // states if interchangeable ones are placed in a fixed order.
    List<Operation> history = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      history.add(put(1 + i % 5, "x", "1", i * 0.1, 100));
      history.add(get(6 + i % 5, "x", "1", 50 + i * 0.1, 100));
    }
    history.add(get(11, "x", "", 200, 201));
    Result r = checker.check(history);
    assertEquals(Outcome.NOT_LINEARIZABLE, r.outcome(), r.message());
    assertTrue(r.offending().size() <= 3, r.message());
    history.remove(history.size() - 1);
    assertLinearizable(history);
  }

  @Test
  void tinyBudgetOnAHardHistoryGivesUnknown() {
    List<Operation> history = hardHistory("h", 14);
    Result r = new LinearizabilityChecker(new Budget(500, 1_000, 1_000)).check(history);
    assertEquals(Outcome.UNKNOWN, r.outcome(), r.message());
    assertEquals("h", r.key());
    assertTrue(r.offending().isEmpty());
    assertTrue(r.statesExplored() <= 500, "states " + r.statesExplored());
  }

  @Test
  void totalBudgetIsSharedAcrossKeys() {
    List<Operation> history = new ArrayList<>(hardHistory("a", 14));
    history.addAll(hardHistory("b", 14));
    Result r = new LinearizabilityChecker(new Budget(600, 1_000, 0)).check(history);
    assertEquals(Outcome.UNKNOWN, r.outcome());
    assertEquals("a", r.key());
    assertTrue(r.message().contains("2 of 2 keys"), r.message());
    assertTrue(r.statesExplored() <= 1_000, "states " + r.statesExplored());
  }

  @Test
  void violationOnOneKeyWinsOverAnUndecidedOne() {
    List<Operation> history = new ArrayList<>(hardHistory("a", 14));
    history.add(put(1, "b", "1", 0, 1));
    history.add(put(1, "b", "2", 2, 3));
    history.add(get(2, "b", "1", 4, 5));
    Result r = new LinearizabilityChecker(new Budget(500, 100_000)).check(history);
    assertEquals(Outcome.NOT_LINEARIZABLE, r.outcome(), r.message());
    assertEquals("b", r.key());
  }

  @Test
  void hardHistoryIsDecidedWithEnoughBudget() {
    // Proves the tiny-budget UNKNOWN above is about the budget, not a checker that gives up regardless.
    Result r = checker.check(hardHistory("h", 6));
    assertEquals(Outcome.NOT_LINEARIZABLE, r.outcome(), r.message());
    assertTrue(r.statesExplored() > 1_000, "not hard at all: " + r.statesExplored());
  }

  /**
   * Many concurrent writes and reads, then two sequential reads that see different values although every write
   * had completed: no order works, but the search can only tell after trying the many orders of the concurrent
   * part (each leaves a different set of operations placed), and no pruning cuts them short.
   */
  private List<Operation> hardHistory(String key, int concurrent) {
    List<Operation> history = new ArrayList<>();
    for (int i = 0; i < concurrent; i++) {
      history.add(put(1 + i, key, "p" + i, 0, 100));
      history.add(get(50 + i, key, "p" + i, 0, 100));
    }
    history.add(get(98, key, "p1", 200, 201));
    history.add(get(99, key, "p0", 300, 301));
    return history;
  }

  @Test
  void resultsAreDeterministic() {
    HistoryGenerator gen = new HistoryGenerator(7);
    gen.keys = new String[] {"x", "y"};
    List<Operation> history = new ArrayList<>(gen.generate(200));
    Operation victim = history.get(150);
    if (victim.op() != KvOp.GET || !victim.completed()) {
      history.set(150, Operation.get(victim.id(), victim.clientId(), victim.key(), "zzz", victim.invokeMicros(),
          Math.max(victim.invokeMicros(), victim.completed() ? victim.completeMicros() : victim.invokeMicros())));
    } else {
      history.set(150, new Operation(victim.id(), victim.clientId(), KvOp.GET, victim.key(), null, "zzz",
          victim.invokeMicros(), victim.completeMicros()));
    }
    Result first = checker.check(history);
    Result second = new LinearizabilityChecker().check(new ArrayList<>(history));
    assertEquals(Outcome.NOT_LINEARIZABLE, first.outcome());
    assertEquals(first, second);
  }

  @Test
  void invalidOperationsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Operation.put(1, 1, "x", "v", 10, 5));
    assertThrows(IllegalArgumentException.class, () -> Operation.get(1, 1, "x", null, 0, 5));
    assertThrows(IllegalArgumentException.class, () -> Operation.put(1, 1, "x", null, 0, 5));
    assertThrows(IllegalArgumentException.class, () -> Operation.put(1, 1, null, "v", 0, 5));
    assertThrows(IllegalArgumentException.class, () -> new Budget(0, 10));
  }
}
