package dev.raftsim.invariants.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuorumsTest {
  @Test
  void quorumsNeedBothMajoritiesWhileJoint() {
    assertTrue(Quorums.isQuorum(0b011, 0b111, 0));
    assertFalse(Quorums.isQuorum(0b001, 0b111, 0));
    assertFalse(Quorums.isQuorum(0b0011, 0b1111, 0)); // 2 of 4 is not a majority
    assertTrue(Quorums.isQuorum(0b00111, 0b11100, 0b00111) == false);
    assertTrue(Quorums.isQuorum(0b01110, 0b11100, 0b00111));
    assertFalse(Quorums.isQuorum(-1L, 0, 0), "no voters, no quorum");
  }

  @Test
  void theClassicCases() {
    assertNull(Quorums.disjointQuorums(0b111, 0, 0b1111, 0), "adding one server keeps majorities overlapping");
    assertNull(Quorums.disjointQuorums(0b1111, 0, 0b111, 0), "so does removing one");
    assertNotNull(Quorums.disjointQuorums(0b00111, 0, 0b11111, 0), "Figure 4.3: three to five directly");
    assertNull(Quorums.disjointQuorums(0b00111, 0, 0b11100, 0b00111), "C_old to C_old,new");
    assertNull(Quorums.disjointQuorums(0b11100, 0b00111, 0b11100, 0), "C_old,new to C_new");
    assertNotNull(Quorums.disjointQuorums(0b00111, 0, 0b11100, 0), "C_old to C_new directly");
    long[] w = Quorums.disjointQuorums(0b00111, 0, 0b11111, 0);
    assertEquals(0, w[0] & w[1]);
    assertTrue(Quorums.isQuorum(w[0], 0b00111, 0));
    assertTrue(Quorums.isQuorum(w[1], 0b11111, 0));
  }

  /** Against brute force over every pair of subsets of 5 nodes, for random configurations (joint or not). */
  @Test
  void exactAgainstBruteForce() {
    long state = 12345;
    for (int trial = 0; trial < 3000; trial++) {
      long[] c = new long[4];
      for (int i = 0; i < 4; i++) {
        state = state * 6364136223846793005L + 1442695040888963407L;
        c[i] = (state >>> 40) & 0b11111;
      }
      if (trial % 2 == 0) {
        c[1] = 0;
      }
      if (trial % 3 == 0) {
        c[3] = 0;
      }
      boolean brute = false;
      for (long a = 0; a < 32 && !brute; a++) {
        long b = 0b11111 & ~a;
        brute = Quorums.isQuorum(a, c[0], c[1]) && Quorums.isQuorum(b, c[2], c[3]);
      }
      long[] w = Quorums.disjointQuorums(c[0], c[1], c[2], c[3]);
      assertEquals(brute, w != null, "configurations " + java.util.Arrays.toString(c));
      if (w != null) {
        assertEquals(0, w[0] & w[1]);
        assertTrue(Quorums.isQuorum(w[0], c[0], c[1]));
        assertTrue(Quorums.isQuorum(w[1], c[2], c[3]));
      }
    }
  }
}
