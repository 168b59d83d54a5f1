package org.example.tinyraft;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.raftsim.junit.Invariant;
import dev.raftsim.junit.RaftSimProperty;
import dev.raftsim.sim.FaultProfile;
import org.junit.jupiter.api.Test;

/**
 * A demonstration of a failing custom invariant, off by default: {@code mvn test -Draftsim.demo=true}. The invariant
 * is one a newcomer might believe ("terms stay small"); raftsim breaks it, shrinks the schedule, writes a report and
 * prints a {@code replay: } command that reproduces it from this folder.
 */
class CustomInvariantDemoTest {
  @Test
  void termsStaySmall() {
    assumeTrue(Boolean.getBoolean("raftsim.demo") || RaftSimProperty.replaying(),
        "a demonstration that fails on purpose: run with -Draftsim.demo=true");
    RaftSimProperty.of(new TinyRaft()).nodes(3).faults(FaultProfile.SWARM).schedules(50).seed(3).shrinkAttempts(300)
        .invariant(Invariant.of("TermsStaySmall", v -> TinyRaftTest.maxTerm(v) <= 3,
            v -> "a node reached term " + TinyRaftTest.maxTerm(v)))
        .check();
  }
}
