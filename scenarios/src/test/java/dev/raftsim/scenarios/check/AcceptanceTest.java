package dev.raftsim.scenarios.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The default bounds, exhaustively: too slow for the unit suite (~20 s per run on one core), so only with
 * {@code -Draftsim.acceptance=true}: {@code mvn -o -pl scenarios -am verify -Draftsim.acceptance=true
 * -Dtest=AcceptanceTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "raftsim.acceptance", matches = "true")
class AcceptanceTest {

  @Test
  void correctModelAtDefaultBoundsIsCleanAndThreadIndependent() {
    CheckConfig c = CheckConfig.defaults();
    CheckResult one = new ModelChecker(c).run(null);
    assertNull(one.violation());
    assertTrue(one.complete());
    assertTrue(one.distinctStates() >= 1000);
    CheckResult two = new ModelChecker(c.withThreads(2)).run(null);
    assertEquals(one.distinctStates(), two.distinctStates());
    assertEquals(one.statesGenerated(), two.statesGenerated());
    assertTrue(two.complete());
  }
}
