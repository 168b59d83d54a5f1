package dev.raftsim.invariants.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.invariants.linearizability.LinearizabilityChecker.Outcome;
import dev.raftsim.invariants.linearizability.LinearizabilityChecker.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A supplied order can only spare the search, never change a verdict. */
class WitnessTest {
  private final LinearizabilityChecker checker = new LinearizabilityChecker();

  private static List<Operation> twoWritesAndARead() {
    return List.of(
        Operation.put(0, 1, "x", "a", 0, 10),
        Operation.append(1, 2, "x", "b", 5, 20),
        Operation.get(2, 3, "x", "ab", 25, 30));
  }

  @Test
  void aValidOrderDecidesWithoutSearching() {
    Result r = checker.check(twoWritesAndARead(), new Witness(new long[] {1, 2, 3}, new long[] {8, 15, 27}));
    assertEquals(Outcome.LINEARIZABLE, r.outcome());
    assertEquals(0, r.statesExplored());
    assertTrue(r.message().contains("no search"), r.message());
  }

  @Test
  void anInvalidOrderFallsBackToTheSearch() {
    List<Operation> h = twoWritesAndARead();
    List<Witness> wrong = List.of(
        new Witness(new long[] {2, 1, 3}, new long[] {8, 8, 27}), // the append first: the read would see "a"
        new Witness(new long[] {1, 2, 3}, new long[] {8, 25, 27}), // the append after it completed
        new Witness(new long[] {1, 1, 3}, new long[] {8, 8, 27}), // two at one position
        new Witness(new long[] {1, 2, 3}, new long[] {9, 8, 27}), // instants going backwards
        new Witness(new long[] {1, Witness.NEVER, 3}, new long[] {8, 0, 27})); // a completed write never happened
    for (Witness w : wrong) {
      Result r = checker.check(h, w);
      assertEquals(Outcome.LINEARIZABLE, r.outcome());
      assertTrue(r.statesExplored() > 0, "the search must have run: " + r.message());
    }
  }

  @Test
  void aWitnessCannotHideAViolation() {
    List<Operation> h = List.of(
        Operation.put(0, 1, "x", "a", 0, 10),
        Operation.get(1, 2, "x", "", 20, 30)); // the put completed before the read began
    Result r = checker.check(h, new Witness(new long[] {2, 1}, new long[] {25, 22}));
    assertEquals(Outcome.NOT_LINEARIZABLE, r.outcome());
    assertEquals(checker.check(h).message(), r.message());
  }

  @Test
  void aWitnessMustCoverTheHistory() {
    assertThrows(IllegalArgumentException.class, () -> checker.check(twoWritesAndARead(),
        new Witness(new long[] {1, 2}, new long[] {8, 15})));
    assertThrows(IllegalArgumentException.class, () -> new Witness(new long[] {1}, new long[] {1, 2}));
  }

  @Test
  void agreesWithTheSearchOnRandomHistoriesAndPerturbedOrders() {
    int acceptedTrueOrders = 0;
    int fellBack = 0;
    for (long seed = 1; seed <= 300; seed++) {
      HistoryGenerator g = new HistoryGenerator(seed);
      g.keys = new String[] {"x", "y"};
      List<Operation> h = g.generate(12 + (int) (seed % 30));
      Witness truth = g.lastWitness;
      Result fast = checker.check(h, truth);
      assertEquals(Outcome.LINEARIZABLE, fast.outcome(), fast.message());
      acceptedTrueOrders += acceptedWitness(fast) ? 1 : 0;

      SplitMix64 r = g.rng();
      for (int k = 0; k < 6; k++) {
        long[] positions = truth.positions().clone();
        long[] instants = truth.instants().clone();
        int a = r.nextInt(h.size());
        int b = r.nextInt(h.size());
        switch (k % 3) {
          case 0 -> { // swap two positions and instants
            long p = positions[a];
            positions[a] = positions[b];
            positions[b] = p;
            long t = instants[a];
            instants[a] = instants[b];
            instants[b] = t;
          }
          case 1 -> instants[a] += r.between(-50, 50); // move one instant
          default -> positions[a] = Witness.NEVER; // drop one operation
        }
        List<Operation> history = k < 3 ? h : corrupt(h, r);
        Witness w = new Witness(positions, instants);
        Result withWitness = checker.check(history, w);
        Result search = checker.check(history);
        assertEquals(search.outcome(), withWitness.outcome(), "seed " + seed + ": " + withWitness.message());
        if (acceptedWitness(withWitness)) {
          assertTrue(search.linearizable(), "seed " + seed + ": accepted a witness the search rejects");
        } else {
          fellBack++;
        }
      }
    }
    assertEquals(300, acceptedTrueOrders, "the order a history was built from is always a valid witness");
    assertTrue(fellBack > 600, "most perturbed orders must be rejected, and were searched: " + fellBack + " of 1800");
  }

  private static boolean acceptedWitness(Result r) {
    return r.linearizable() && r.message().contains("no search needed");
  }

  /** The same history with one completed GET reading something else. */
  private static List<Operation> corrupt(List<Operation> h, SplitMix64 r) {
    List<Operation> out = new ArrayList<>(h);
    for (int tries = 0; tries < h.size(); tries++) {
      int i = r.nextInt(h.size());
      Operation o = h.get(i);
      if (o.op() == KvOp.GET && o.completed()) {
        out.set(i, new Operation(o.id(), o.clientId(), o.op(), o.key(), null, o.output() + "?", o.invokeMicros(),
            o.completeMicros()));
        return out;
      }
    }
    return out;
  }

  @Test
  void theWitnessIsCopiedNotShared() {
    long[] positions = {1, 2, 3};
    Witness w = new Witness(positions, new long[] {8, 15, 27});
    positions[0] = 3;
    assertFalse(w.positions()[0] == 3);
  }
}
