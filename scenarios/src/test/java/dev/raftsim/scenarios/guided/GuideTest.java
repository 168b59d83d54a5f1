package dev.raftsim.scenarios.guided;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.raftsim.raft.CoveragePoint;
import dev.raftsim.scenarios.ClusterConfig;
import dev.raftsim.scenarios.Knobs;
import dev.raftsim.scenarios.Reconfiguration;
import dev.raftsim.scenarios.RunSpec;
import dev.raftsim.scenarios.coverage.CampaignCoverage;
import dev.raftsim.scenarios.coverage.HostPoint;
import dev.raftsim.scenarios.coverage.RunCoverage;
import dev.raftsim.sim.FaultProfile;
import dev.raftsim.sim.Prng;
import dev.raftsim.sim.TimedFault;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class GuideTest {
  private static final long DURATION = 2_000_000;
  private static final ClusterConfig BASE = ClusterConfig.defaults();
  private static final LongFunction<RunSpec> FRESH =
      i -> RunSpec.generate(Prng.derive(11, i).nextLong() & Long.MAX_VALUE, BASE, FaultProfile.SWARM, DURATION);

  private static Guide guide() {
    return new Guide(11, FaultProfile.SWARM, FRESH);
  }

  /** A run's coverage made up from its index: a few points hit a varying number of times, a few states. */
  private static RunCoverage coverage(long i) {
    int[] model = new int[CoveragePoint.COUNT];
    int[] host = new int[HostPoint.COUNT];
    Prng r = Prng.derive(99, i);
    for (int k = 0; k < 6; k++) {
      model[r.nextInt(model.length)] += 1 + r.nextInt(40);
    }
    host[r.nextInt(host.length)] += 1 + r.nextInt(5);
    return new RunCoverage(model, host, never(), new long[] {1 + r.nextInt(200), 1 + r.nextInt(200)});
  }

  private static long[] never() {
    long[] t = new long[HostPoint.COUNT];
    java.util.Arrays.fill(t, -1);
    return t;
  }

  /** Runs {@code n} schedules through a guide, folding each made-up result in index order. */
  private static List<RunSpec> campaign(Guide g, int n) {
    CampaignCoverage cov = new CampaignCoverage();
    List<RunSpec> out = new ArrayList<>();
    for (int from = 0; from < n; from += 8) {
      List<RunSpec> gen = new ArrayList<>();
      for (int k = from; k < from + 8; k++) {
        gen.add(g.next(k));
      }
      for (int k = from; k < from + 8; k++) {
        RunCoverage rc = coverage(k);
        g.observe(k, gen.get(k - from), rc, cov.add(k, rc));
      }
      out.addAll(gen);
    }
    return out;
  }

  @Test
  void theScheduleOfAnIndexIsAFunctionOfTheSeedAndTheFoldedResults() {
    List<RunSpec> a = campaign(guide(), 160);
    List<RunSpec> b = campaign(guide(), 160);
    assertEquals(a, b);
    // The first generation is the random campaign's; later ones mutate corpus members.
    for (int k = 0; k < 8; k++) {
      assertEquals(FRESH.apply(k), a.get(k));
    }
    long mutated = 0;
    for (int k = 8; k < a.size(); k++) {
      mutated += a.get(k).equals(FRESH.apply(k)) ? 0 : 1;
    }
    assertTrue(mutated > 80, mutated + " of 152 schedules mutated");
  }

  @Test
  void theCorpusFoldsInIndexOrder() {
    // The same results folded in another order make another corpus, so other schedules: the campaign folds in
    // index order (at any thread count) to stay deterministic.
    Guide inOrder = guide();
    Guide reversed = guide();
    CampaignCoverage c1 = new CampaignCoverage();
    CampaignCoverage c2 = new CampaignCoverage();
    List<RunSpec> specs = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      specs.add(FRESH.apply(k));
    }
    for (int k = 0; k < 40; k++) {
      RunCoverage rc = coverage(k);
      inOrder.observe(k, specs.get(k), rc, c1.add(k, rc));
    }
    for (int k = 39; k >= 0; k--) {
      RunCoverage rc = coverage(k);
      reversed.observe(k, specs.get(k), rc, c2.add(k, rc));
    }
    List<RunSpec> x = new ArrayList<>();
    List<RunSpec> y = new ArrayList<>();
    for (int k = 40; k < 80; k++) {
      x.add(inOrder.next(k));
      y.add(reversed.next(k));
    }
    assertNotEquals(x, y);
  }

  /** Made-up coverage without near misses, plus {@code near} hits of one near-miss point. */
  private static RunCoverage ordinary(long i, int near) {
    int[] model = new int[CoveragePoint.COUNT];
    int[] host = new int[HostPoint.COUNT];
    Prng r = Prng.derive(77, i);
    for (int k = 0; k < 6; k++) {
      model[r.nextInt(model.length)] += 1 + r.nextInt(40);
    }
    host[HostPoint.CRASH.ordinal()] += 1 + r.nextInt(5);
    host[HostPoint.READ_SERVED_BEHIND_NEWER_COMMIT.ordinal()] = near;
    return new RunCoverage(model, host, never(), new long[] {1 + i});
  }

  /** A guide warmed up on 64 made-up runs whose corpus then takes {@code parent}, run with coverage {@code rc}. */
  private static Guide holding(RunSpec parent, RunCoverage rc) {
    Guide g = guide();
    CampaignCoverage cov = warmedUp(g, 64);
    g.observe(64, parent, rc, cov.add(64, rc));
    return g;
  }

  /** Folds {@code n} made-up runs without a near miss (schedules 0 to n - 1, fresh) into {@code g}. */
  private static CampaignCoverage warmedUp(Guide g, int n) {
    CampaignCoverage cov = new CampaignCoverage();
    for (long k = 0; k < n; k++) {
      RunCoverage rc = ordinary(k, 0);
      g.observe(k, FRESH.apply(k), rc, cov.add(k, rc));
    }
    return cov;
  }

  /** Of the next {@code n} schedules, how many carry {@code parent}'s knobs (its children mostly do). */
  private static int childrenOf(Guide g, RunSpec parent, long from, int n) {
    return countNext(g, from, n, (i, s) -> s.cluster().equals(parent.cluster()));
  }

  /** Of the schedules {@code from} to {@code from + n - 1} of {@code g}, how many pass {@code test}. */
  private static int countNext(Guide g, long from, int n, java.util.function.BiPredicate<Long, RunSpec> test) {
    int k = 0;
    for (long i = from; i < from + n; i++) {
      k += test.test(i, g.next(i)) ? 1 : 0;
    }
    return k;
  }

  @Test
  void aNearMissIsAimedAtFirstAndTheLeastReachedProtocolSettingsFirst() {
    Guide g = guide();
    CampaignCoverage cov = warmedUp(g, 64);
    long k = 64;
    RunSpec nearMiss = FRESH.apply(k);
    RunCoverage rc = ordinary(k, 1);
    g.observe(k, nearMiss, rc, cov.add(k, rc));
    k++;
    int aimed = childrenOf(g, nearMiss, 1000, 200);
    assertTrue(aimed > 60, aimed + " of 200 schedules mutate the one near miss of 65");
    // Many more schedules reach it under the same settings: the same near miss reached under other protocol
    // settings is now the least reached near miss, and takes the aim.
    for (int i = 0; i < 40; i++, k++) {
      g.observe(k, nearMiss, rc, cov.add(k, rc));
    }
    RunSpec elsewhere = null;
    for (long i = 5000; elsewhere == null; i++) {
      RunSpec s = FRESH.apply(i);
      if (!s.cluster().protocol().equals(nearMiss.cluster().protocol())
          && s.cluster().protocol().readMode() != nearMiss.cluster().protocol().readMode()) {
        elsewhere = s;
      }
    }
    RunCoverage there = ordinary(k, 1);
    g.observe(k, elsewhere, there, cov.add(k, there));
    int renewed = childrenOf(g, elsewhere, 3000, 200);
    assertTrue(renewed > 60, renewed + " of 200 schedules mutate the near miss reached under new settings");
  }

  /** Of the next {@code n} schedules, how many are the random campaign's own (fresh). */
  private static int freshOf(Guide g, long from, int n) {
    return countNext(g, from, n, (i, s) -> s.equals(FRESH.apply(i)));
  }

  @Test
  void mostSchedulesAreFreshUntilANearMissIsFound() {
    Guide g = guide();
    CampaignCoverage cov = warmedUp(g, 100);
    long k = 100;
    assertTrue(g.corpusSize() > Guide.WARM_UP, "the made-up runs fill the corpus past its warm-up");
    int before = freshOf(g, 200, 400);
    assertTrue(before > 400 * (Guide.FRESH_BEFORE_NEAR - 0.1), before + " of 400 fresh without a near miss");
    RunCoverage rc = ordinary(k, 1);
    g.observe(k, FRESH.apply(k), rc, cov.add(k, rc));
    int after = freshOf(g, 600, 400);
    assertTrue(after < 400 * (Guide.FRESH + 0.1), after + " of 400 fresh with a near miss in the corpus");
  }

  /** A run that first hit near miss {@code point} at {@code atMicros}, that hit about {@code node} (-1: none). */
  private static RunCoverage nearMissAt(long i, HostPoint point, long atMicros, int node) {
    RunCoverage base = ordinary(i, 0);
    int[] host = base.hostHits().clone();
    long[] first = never();
    int[] nodes = new int[HostPoint.COUNT];
    java.util.Arrays.fill(nodes, -1);
    host[point.ordinal()] = 3;
    first[point.ordinal()] = atMicros;
    nodes[point.ordinal()] = node;
    return new RunCoverage(base.modelHits(), host, first, nodes, base.states());
  }

  /** A run that put a committed entry at risk at {@code atMicros}. */
  private static RunCoverage atRisk(long i, long atMicros) {
    return nearMissAt(i, HostPoint.COMMITTED_AT_RISK, atMicros, -1);
  }

  @Test
  void anEntryAtRiskIsNudgedByCuttingTheLeaderOffRightAfterIt() {
    RunSpec parent = FRESH.apply(64);
    long heal = parent.plan().healAtMicros();
    long at = heal / 3;
    Guide g = holding(parent, atRisk(64, at));
    int nudged = 0;
    for (long i = 1000; i < 1400; i++) {
      RunSpec c = g.next(i);
      if (!c.cluster().equals(parent.cluster()) || c.seed() != parent.seed()
          || c.plan().actions().size() < parent.plan().actions().size() + 2) {
        continue;
      }
      List<TimedFault> added = new ArrayList<>(c.plan().actions());
      parent.plan().actions().forEach(added::remove);
      TimedFault cut = added.stream().filter(tf -> tf.fault() instanceof dev.raftsim.sim.Fault.PartitionPrimary
          || tf.fault() instanceof dev.raftsim.sim.Fault.CrashPrimary).findFirst().orElse(null);
      if (cut == null || added.size() > 3) {
        continue;
      }
      nudged++;
      assertTrue(cut.atMicros() > at && cut.atMicros() < heal, "the cut comes after the near miss, before the heal");
      for (TimedFault tf : added) {
        assertTrue(tf.atMicros() >= cut.atMicros() && tf.atMicros() < heal, tf + " is not between the cut and heal");
        if (tf.fault() instanceof dev.raftsim.sim.Fault.HealNetwork || tf.fault() instanceof dev.raftsim.sim.Fault.RestartPrimary) {
          assertTrue(tf.atMicros() > cut.atMicros());
        }
      }
    }
    // Aimed at the one near miss about half the time, and half of those nudged.
    assertTrue(nudged > 40, nudged + " of 400 schedules cut the leader off after the entry at risk");
    // A near miss reached after the heal gets no nudge: faults stay before it.
    Guide late = holding(parent, atRisk(64, heal + 1));
    for (long i = 1000; i < 1400; i++) {
      for (TimedFault tf : late.next(i).plan().actions()) {
        if (tf.fault() instanceof dev.raftsim.sim.Fault.PartitionPrimary
            || tf.fault() instanceof dev.raftsim.sim.Fault.CrashPrimary) {
          assertTrue(tf.atMicros() < heal, "a cut after the heal: " + tf);
        }
      }
    }
  }

  /** A run that served a stale read from {@code server} at {@code atMicros}. */
  private static RunCoverage staleRead(long i, long atMicros, int server) {
    return nearMissAt(i, HostPoint.READ_SERVED_BESIDE_NEWER_LEADER, atMicros, server);
  }

  /** The actions a child adds to its parent's plan and drops from it. */
  private record Edit(List<TimedFault> added, List<TimedFault> dropped) {
    /** Null when the child has other knobs or another seed than its parent. */
    static Edit of(RunSpec parent, RunSpec child) {
      if (!child.cluster().equals(parent.cluster()) || child.seed() != parent.seed()) {
        return null;
      }
      List<TimedFault> added = new ArrayList<>(child.plan().actions());
      List<TimedFault> dropped = new ArrayList<>();
      for (TimedFault tf : parent.plan().actions()) {
        if (!added.remove(tf)) {
          dropped.add(tf);
        }
      }
      return new Edit(added, dropped);
    }
  }

  /**
   * The isolation a child adds to its parent, if the child is the parent nudged that way: the parent's actions but
   * for network heals after {@code at}, plus an isolation of {@code server}, a network heal and perhaps a re-seed.
   */
  private static TimedFault isolationAdded(RunSpec parent, RunSpec child, long at, int server) {
    Edit edit = Edit.of(parent, child);
    if (edit == null) {
      return null;
    }
    TimedFault isolate = null;
    int heals = 0;
    for (TimedFault tf : edit.added()) {
      if (tf.fault() instanceof dev.raftsim.sim.Fault.Isolate iso && iso.node() == server && isolate == null) {
        isolate = tf;
      } else if (tf.fault() instanceof dev.raftsim.sim.Fault.HealNetwork) {
        heals++;
      } else if (!(tf.fault() instanceof dev.raftsim.sim.Fault.Reseed)) {
        return null;
      }
    }
    for (TimedFault tf : edit.dropped()) {
      if (!(tf.fault() instanceof dev.raftsim.sim.Fault.HealNetwork) || tf.atMicros() <= at) {
        return null;
      }
    }
    return isolate != null && heals == 1 ? isolate : null;
  }

  @Test
  void aStaleReadIsNudgedByKeepingItsServerCutOff() {
    assertEquals(HostPoint.Nudge.ISOLATE_NODE, HostPoint.READ_SERVED_BESIDE_NEWER_LEADER.nudge());
    RunSpec fresh = FRESH.apply(64);
    long heal = fresh.plan().healAtMicros();
    long at = heal / 3;
    // The parent heals the network soon after the stale read and again just before its heal.
    List<TimedFault> withHeals = new ArrayList<>(fresh.plan().actions());
    withHeals.add(new TimedFault(at + 20_000, new dev.raftsim.sim.Fault.HealNetwork()));
    withHeals.add(new TimedFault(heal - 2, new dev.raftsim.sim.Fault.HealNetwork()));
    RunSpec parent = fresh.withPlan(fresh.plan().withActions(withHeals));
    int server = 1;
    Guide g = holding(parent, staleRead(64, at, server));
    int nudged = 0;
    int outlastedEarlyHeal = 0;
    for (long i = 1000; i < 1400; i++) {
      RunSpec c = g.next(i);
      TimedFault isolate = isolationAdded(parent, c, at, server);
      if (isolate == null) {
        continue;
      }
      nudged++;
      assertTrue(isolate.atMicros() > at && isolate.atMicros() < heal, "the isolation starts after the stale read");
      List<TimedFault> heals = c.plan().actions().stream()
          .filter(tf -> tf.fault() instanceof dev.raftsim.sim.Fault.HealNetwork && tf.atMicros() > at).toList();
      long end = heals.get(0).atMicros();
      assertTrue(end > isolate.atMicros() && end < heal, "the first heal after the read ends the isolation: " + heals);
      if (end > at + 20_000) {
        outlastedEarlyHeal++;
      }
    }
    // Aimed at the one near miss about half the time, and half of those nudged.
    assertTrue(nudged > 40, nudged + " of 400 schedules isolate the stale read's server");
    assertTrue(outlastedEarlyHeal > nudged / 2, outlastedEarlyHeal + " of " + nudged + " outlast the parent's heal");
    // A stale read that names no server (a user's implementation may not say) gets no isolation.
    Guide blind = holding(parent, staleRead(64, at, -1));
    for (long i = 1000; i < 1400; i++) {
      assertEquals(null, isolationAdded(parent, blind.next(i), at, server));
    }
  }

  @Test
  void anIsolationEndsBeforeTheHealOrIsNotMade() {
    Guide g = guide();
    RunSpec parent = FRESH.apply(5);
    long heal = parent.plan().healAtMicros();
    Prng r = Prng.derive(3, "isolate");
    for (int i = 0; i < 200; i++) {
      RunSpec c = g.isolateNode(parent, heal / 2, 0, r);
      TimedFault isolate = isolationAdded(parent, c, heal / 2, 0);
      assertTrue(isolate != null, "a nudged child is its parent plus the isolation: " + c.plan());
      for (TimedFault tf : c.plan().actions()) {
        assertTrue(parent.plan().actions().contains(tf) || tf.atMicros() < heal, "the nudge added " + tf + " late");
      }
    }
    assertEquals(null, g.isolateNode(parent, heal - 1, 0, r), "no room before the heal");
    assertEquals(null, g.isolateNode(parent, heal / 2, parent.cluster().nodes(), r), "no such server");
  }

  /**
   * The cut a child adds to its parent, if the child is the parent with its leader cut off: the parent's actions but
   * for network heals inside the cut, plus the leader isolated ({@code PartitionPrimary(1)}), one network heal ending
   * it and perhaps a re-seed at its start. Null otherwise.
   */
  private static TimedFault leaderCutAdded(RunSpec parent, RunSpec child) {
    Edit edit = Edit.of(parent, child);
    if (edit == null) {
      return null;
    }
    TimedFault cut = null;
    TimedFault end = null;
    for (TimedFault tf : edit.added()) {
      if (tf.fault() instanceof dev.raftsim.sim.Fault.PartitionPrimary pp && pp.minority() == 1 && cut == null) {
        cut = tf;
      } else if (tf.fault() instanceof dev.raftsim.sim.Fault.HealNetwork && end == null) {
        end = tf;
      } else if (!(tf.fault() instanceof dev.raftsim.sim.Fault.Reseed)) {
        return null;
      }
    }
    if (cut == null || end == null || end.atMicros() <= cut.atMicros()) {
      return null;
    }
    for (TimedFault tf : edit.dropped()) {
      if (!(tf.fault() instanceof dev.raftsim.sim.Fault.HealNetwork) || tf.atMicros() <= cut.atMicros()
          || tf.atMicros() >= end.atMicros()) {
        return null;
      }
    }
    return cut;
  }

  @Test
  void aCutOffLeaderLastsSecondsAndEndsBeforeTheHeal() {
    Guide g = guide();
    RunSpec fresh = RunSpec.generate(7, BASE, FaultProfile.SWARM, 20_000_000);
    long heal = fresh.plan().healAtMicros();
    assertTrue(heal > 10_000_000, "room for cuts of seconds: heal at " + heal);
    // Network heals inside the cut are dropped, so the cut lasts; the one before the cut stays.
    List<TimedFault> withHeals = new ArrayList<>(fresh.plan().actions());
    withHeals.add(new TimedFault(1, new dev.raftsim.sim.Fault.HealNetwork()));
    for (long t = heal / 8; t < heal; t += heal / 8) {
      withHeals.add(new TimedFault(t, new dev.raftsim.sim.Fault.HealNetwork()));
    }
    RunSpec parent = fresh.withPlan(fresh.plan().withActions(withHeals));
    long total = 0;
    int made = 0;
    int reseeded = 0;
    for (int i = 0; i < 400; i++) {
      RunSpec c = g.cutOffLeader(parent, Prng.derive(21, i));
      if (c == null) {
        continue;
      }
      made++;
      TimedFault cut = leaderCutAdded(parent, c);
      assertTrue(cut != null, "a cut-off child is its parent plus the cut: " + c.plan());
      long end = c.plan().actions().stream().filter(tf -> tf.fault() instanceof dev.raftsim.sim.Fault.HealNetwork
          && tf.atMicros() > cut.atMicros()).mapToLong(TimedFault::atMicros).min().orElseThrow();
      assertTrue(end < heal, "the cut ends before the plan's heal");
      assertTrue(c.plan().actions().contains(new TimedFault(1, new dev.raftsim.sim.Fault.HealNetwork()))
          || cut.atMicros() < 1, "a heal before the cut is kept");
      total += end - cut.atMicros();
      reseeded += c.plan().actions().stream().anyMatch(tf -> tf.fault() instanceof dev.raftsim.sim.Fault.Reseed) ? 1 : 0;
    }
    assertTrue(made > 390, made + " of 400 cuts made");
    // Exponential, a little shorter on average where the heal cuts it short.
    double mean = total / (double) made;
    assertTrue(mean > 0.7 * Guide.CUT_OFF_LEADER_MICROS && mean <= 1.1 * Guide.CUT_OFF_LEADER_MICROS,
        "mean cut " + mean + " us");
    assertTrue(reseeded > 150 && reseeded < 250, reseeded + " of " + made + " re-seeded at the cut");
  }

  /** A guide warmed up on {@code n} fresh schedules (their protocol settings changed by {@code settings}). */
  private static Guide warmedUpUnder(java.util.function.UnaryOperator<RunSpec> settings, int n) {
    Guide g = guide();
    CampaignCoverage cov = new CampaignCoverage();
    for (long k = 0; k < n; k++) {
      RunCoverage rc = ordinary(k, k == n - 1 ? 1 : 0); // the last one a near miss: mutations take over
      g.observe(k, settings.apply(FRESH.apply(k)), rc, cov.add(k, rc));
    }
    return g;
  }

  /** Of schedules 1000 to 1399, how many cut off the leader of one of the first {@code n} fresh schedules. */
  private static int leaderCuts(Guide g, java.util.function.UnaryOperator<RunSpec> settings, int n,
      java.util.function.Predicate<RunSpec> check) {
    List<RunSpec> members = new ArrayList<>();
    for (long k = 0; k < n; k++) {
      members.add(settings.apply(FRESH.apply(k)));
    }
    return countNext(g, 1000, 400, (i, s) -> {
      for (RunSpec m : members) {
        if (leaderCutAdded(m, s) != null) {
          assertTrue(check.test(m), "a leader cut off under " + m.cluster().protocol());
          return true;
        }
      }
      return false;
    });
  }

  @Test
  void leadersAreCutOffOnlyUnderSettingsWhereTheyGoOnAnsweringReads() {
    java.util.function.UnaryOperator<RunSpec> asDrawn = s -> s;
    Guide g = warmedUpUnder(asDrawn, 80);
    int cuts = leaderCuts(g, asDrawn, 80, s -> Guide.readsOnTrust(s.cluster()));
    // Four fifths of the schedules are mutated once a near miss is held, and 0.3 of those cut a leader off.
    assertTrue(cuts > 400 * 0.8 * Guide.CUT_OFF_LEADER * 0.6, cuts + " of 400 schedules cut a leader off");
    assertTrue(cuts < 400 * 0.8 * Guide.CUT_OFF_LEADER * 1.4, cuts + " of 400 schedules cut a leader off");
    // Reads through the log, or CheckQuorum on: a cut-off leader answers no reads, or is deposed; no such cuts.
    for (java.util.function.UnaryOperator<RunSpec> safe : List.<java.util.function.UnaryOperator<RunSpec>>of(
        s -> s.withCluster(s.cluster().withProtocol(s.cluster().protocol().withReadMode(dev.raftsim.raft.ReadMode.LOG))),
        s -> s.withCluster(s.cluster().withProtocol(s.cluster().protocol().withCheckQuorum(true))))) {
      Guide none = warmedUpUnder(safe, 80);
      int stray = leaderCuts(none, safe, 80, s -> true);
      // A donor's faults added by a mutation can take the same shape, rarely.
      assertTrue(stray <= 3, stray + " of 400 schedules cut a leader off under settings that do not call for it");
    }
  }

  @Test
  void mutationsAreDeterministicAndVaried() {
    Guide g = guide();
    RunSpec parent = FRESH.apply(3);
    Set<RunSpec> children = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      RunSpec c = g.mutate(parent, Prng.derive(5, i));
      assertEquals(c, g.mutate(parent, Prng.derive(5, i)));
      assertEquals(parent.durationMicros(), c.durationMicros());
      assertEquals(parent.cluster().nodes(), c.cluster().nodes());
      children.add(c);
    }
    assertTrue(children.size() > 40, children.size() + " distinct children of 60");
  }

  @Test
  void aKnobCopyChangesOneGroupToTheDonors() {
    ClusterConfig c = FRESH.apply(1).cluster();
    for (long d = 0; d < 30; d++) {
      ClusterConfig donor = FRESH.apply(100 + d).cluster();
      for (int group = 0; group < Knobs.GROUPS; group++) {
        ClusterConfig out = Knobs.copyOne(c, donor, group);
        assertEquals(c.nodes(), out.nodes());
        assertEquals(c.bugs(), out.bugs());
        // Copying the same group again from the same donor changes nothing more; from the parent itself, nothing.
        assertEquals(out, Knobs.copyOne(out, donor, group));
        assertEquals(c, Knobs.copyOne(c, c, group));
      }
      assertEquals(donor.protocol().readMode(), Knobs.copyOne(c, donor, 5).protocol().readMode());
      assertEquals(donor.snapshotEvery(), Knobs.copyOne(c, donor, 9).snapshotEvery());
      assertEquals(donor.electionMinMicros(), Knobs.copyOne(c, donor, 2).electionMinMicros());
    }
  }

  @Test
  void aSpliceKeepsTheParentsKnobsRequestsAndHeal() {
    Guide g = guide();
    // A parent with reconfiguration requests in its plan.
    RunSpec parent = null;
    for (long i = 0; parent == null; i++) {
      RunSpec s = FRESH.apply(i);
      if (s.cluster().reconfig().on() && s.plan().actions().stream()
          .anyMatch(tf -> Reconfiguration.isReconfiguration(tf.fault()))) {
        parent = s;
      }
    }
    CampaignCoverage cov = new CampaignCoverage();
    for (int k = 0; k < 16; k++) {
      RunCoverage rc = coverage(k);
      g.observe(k, FRESH.apply(k), rc, cov.add(k, rc));
    }
    long heal = parent.plan().healAtMicros();
    for (int i = 0; i < 20; i++) {
      RunSpec child = g.splice(parent, heal, Prng.derive(8, i));
      assertEquals(parent.cluster(), child.cluster());
      assertEquals(parent.seed(), child.seed());
      assertEquals(requestsAndLater(parent, heal), requestsAndLater(child, heal));
    }
  }

  private static List<TimedFault> requestsAndLater(RunSpec s, long heal) {
    List<TimedFault> out = new ArrayList<>();
    for (TimedFault tf : s.plan().actions()) {
      if (tf.atMicros() >= heal || Reconfiguration.isReconfiguration(tf.fault())) {
        out.add(tf);
      }
    }
    return out;
  }
}
