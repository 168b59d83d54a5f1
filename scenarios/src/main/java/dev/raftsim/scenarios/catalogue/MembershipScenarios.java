package dev.raftsim.scenarios.catalogue;

import static dev.raftsim.scenarios.catalogue.Scenario.ms;
import static dev.raftsim.scenarios.catalogue.Scenario.seconds;
import static dev.raftsim.scenarios.catalogue.ScenarioBuilder.group;
import static dev.raftsim.scenarios.catalogue.Target.n;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.scenarios.Reconfiguration.Kind;
import dev.raftsim.sim.NetworkParams;
import java.util.List;

/**
 * Membership changes scripted (the dissertation's chapter 4, the paper's §6): elections are forced with campaign
 * and long timeouts, the network delays every message by exactly 10 ms so that the script can act between a
 * message's send and its arrival.
 */
final class MembershipScenarios {
  private MembershipScenarios() {}

  /** Every message takes exactly 10 ms: a leader elected at t sends its first append at t and hears back at t + 20. */
  private static final NetworkParams TEN_MS = new NetworkParams(10_000, 0, 0, 0, true);

  static List<Scenario> scenarios() {
    return List.of(singleServerChange2015(), figure43Joint(), removedLeaderStepsDown(), promoteAfterCatchUp(),
        snapshotKeepsConfig(), transferEndsLease());
  }

  /**
   * The 2015 single-server bug (Ongaro, raft-dev, "bug in single-server membership changes"): two single-server
   * changes proposed in different terms from the same committed configuration both take effect. C0 is voters S1..S4
   * with S5 a caught-up learner. (1) S1 leads term 1 and, cut off with S5, promotes S5: C1 = S1..S5 reaches S5 only.
   * (2) S2 wins term 3 with S3 and S4 (their terms and vote guards cleared by failed elections of their own); its
   * appends to S4 are cut, and at once it asks to remove S4: C2 = S1, S2, S3. The fix refuses, since S2 has not yet
   * committed an entry of its own term; under single-server-change-before-commit S2 appends C2 and commits its no-op
   * and C2 with S3 alone (a majority of C2). (3) S1 restarts and wins term 4 with S4 and S5, a majority of C1, and
   * commits C1 over the index S2 committed: with the bug, Leader Completeness breaks at S1's election.
   */
  static Scenario singleServerChange2015() {
    ScenarioBuilder b = Scenario.named("SingleServerChange2015")
        .purpose("the 2015 single-server membership bug: no change before the leader commits an entry of its term")
        .nodes(5).spares(1).electionTimeout(seconds(2), seconds(4)).initialNetwork(TEN_MS)
        .catches(PlantedBug.SINGLE_SERVER_CHANGE_BEFORE_COMMIT);
    // C0: S1 leads term 1, its no-op commits, S5 joins as a learner and catches up.
    b.at(ms(10)).campaign(n(1));
    b.at(ms(60)).expectOneLeader();
    b.then().change(n(1), Kind.ADD_LEARNER, n(5));
    b.then().within(ms(500)).expectVoters(n(1), n(2), n(3), n(4));
    b.after(ms(100)).within(ms(500)).expectConverged();
    // (1) S1, cut off with S5, promotes S5: C1 = S1..S5 reaches S5 alone and cannot commit.
    b.then().partition(group(n(1), n(5)), group(n(2)), group(n(3)), group(n(4)));
    b.then().change(n(1), Kind.PROMOTE, n(5));
    b.after(ms(50)).show("config");
    // (2) S2, S3 and S4 each fail an election alone (so that no leader's heartbeat guards their votes); then S2 wins
    // term 3 with S3 and S4. Its first appends go out at +20 ms; the one to S4 is cut at +15 ms.
    b.then().campaign(n(2)).then().campaign(n(3)).then().campaign(n(4));
    b.after(ms(50)).partition(group(n(1), n(5)), group(n(2), n(3), n(4)));
    b.then().campaign(n(2));
    b.after(ms(15)).cut(n(2), n(4));
    b.after(ms(10)).expectOneLeader();
    // Before S2's no-op commits (S3's answer comes at +40 ms): the fix refuses, the bug appends C2.
    b.then().tryChange(n(2), Kind.REMOVE, n(4));
    b.after(ms(100)).show("config");
    // (3) S1 restarts (a leader ignores campaign) and wins term 4 with S4 and S5, a majority of C1.
    b.then().partition(group(n(1), n(4), n(5)), group(n(2), n(3)));
    b.then().crash(n(1)).after(ms(10)).restart(n(1));
    b.after(ms(10)).campaign(n(5)); // clears S5's vote guard (S1 led it); alone, it cannot win
    b.after(ms(50)).campaign(n(1)); // term 3: S4 voted for S2 already
    b.after(ms(50)).campaign(n(1)); // term 4
    b.after(ms(50)).expectOneLeader();
    b.then().within(ms(500)).expectVoters(n(1), n(2), n(3), n(4), n(5));
    b.then().show("logs");
    return b.build();
  }

  /**
   * The dissertation's Figure 4.3 and why joint consensus exists: going from C_old = S1, S2, S3 to C_new = S1..S5 in
   * one step would let S1, S2 (a majority of C_old) and S3, S4, S5 (a majority of C_new) decide apart. S4 and S5 join
   * as learners and catch up; S1 replaces the voters by joint consensus, and at once the cluster splits into S1, S4,
   * S5 and S2, S3. With joint consensus C_old,new needs a majority of both, so S1's side cannot commit it and S2's
   * side keeps C_old and elects S2 alone in it; after the heal S2's log wins (C_old,new never committed) and
   * S2 makes the change again, which completes. Under leave-joint-early S1 puts
   * C_new in its log right behind C_old,new, before C_old,new commits, which would let S1, S4 and S5 commit C_new
   * alone while S2 commits in C_old: two disjoint majorities (the checkers stop it as soon as the second change is in
   * flight).
   */
  static Scenario figure43Joint() {
    ScenarioBuilder b = Scenario.named("Figure43Joint")
        .purpose("the dissertation's Figure 4.3: joint consensus keeps C_old and C_new majorities from deciding apart")
        .nodes(5).spares(2).electionTimeout(seconds(2), seconds(4)).initialNetwork(TEN_MS)
        .catches(PlantedBug.LEAVE_JOINT_EARLY, PlantedBug.CONFIG_ON_COMMIT);
    b.at(ms(10)).campaign(n(1));
    b.at(ms(60)).expectOneLeader();
    b.then().change(n(1), Kind.ADD_LEARNER, n(4));
    b.then().within(ms(500)).expectVoters(n(1), n(2), n(3));
    b.then().change(n(1), Kind.ADD_LEARNER, n(5));
    b.then().within(ms(500)).expectVoters(n(1), n(2), n(3));
    b.after(ms(100)).within(ms(500)).expectConverged();
    // S1 starts the change and the cluster splits before C_old,new reaches S2 or S3.
    b.then().partition(group(n(1), n(4), n(5)), group(n(2), n(3)));
    b.then().change(n(1), Kind.REPLACE, n(1), n(2), n(3), n(4), n(5));
    b.after(ms(100)).show("config");
    // S2 and S3, still in C_old, elect S2 (S3's own failed election clears its vote guard) and commit with it.
    b.then().campaign(n(3));
    b.after(ms(50)).campaign(n(2)); // term 2: S3 voted for itself
    b.after(ms(50)).campaign(n(2)); // term 3
    b.after(ms(50)).propose(n(2), "x", "old").as("old");
    b.then().within(ms(200)).expectCommittedOnce("old");
    b.then().show("commit");
    // The heal: S1 (term 1) steps down on hearing term 3, and S2's log replaces its uncommitted C_old,new; S2 then
    // makes the change itself, and it completes.
    b.then().heal();
    b.then().within(seconds(1)).expectConverged();
    b.then().expectVoters(n(1), n(2), n(3));
    b.then().change(Target.leader(), Kind.REPLACE, n(1), n(2), n(3), n(4), n(5));
    b.then().within(seconds(1)).expectVoters(n(1), n(2), n(3), n(4), n(5));
    b.then().within(seconds(1)).expectConverged();
    return b.build();
  }

  /**
   * A leader removes itself (paper §6): once C_new commits it steps down, and the remaining servers elect one of
   * their own. Under removed-leader-keeps-serving it keeps leading outside its own configuration.
   */
  static Scenario removedLeaderStepsDown() {
    ScenarioBuilder b = Scenario.named("RemovedLeaderStepsDown")
        .purpose("a leader that removes itself steps down once C_new commits; the others elect a leader")
        .nodes(3).catches(PlantedBug.REMOVED_LEADER_KEEPS_SERVING);
    b.at(ms(0)).within(seconds(2)).expectOneLeader();
    b.then().remember("A", Target.leader());
    b.then().change(Target.reg("A"), Kind.REMOVE, Target.reg("A"));
    b.then().within(seconds(2)).expectLeaderChanged();
    b.then().within(seconds(1)).expectVoters(Target.reg("A", 1), Target.reg("A", 2));
    b.then().propose(Target.leader(), "x", "1").as("after");
    b.then().within(seconds(1)).expectCommittedOnce("after");
    return b.build();
  }

  /**
   * AddVoter for a server that has not caught up stages it as a learner (dissertation §4.2.1): the leader promotes it
   * only once it holds the log, so availability never rests on a voter that has nothing. S4, a spare, is cut off
   * while S1 (with S2; S3 is cut off too) is asked to add it. Under promote-before-caught-up S1 makes S4 a voter at
   * once and counts it as holding the whole log, so it commits in a configuration of four with two real copies.
   */
  static Scenario promoteAfterCatchUp() {
    ScenarioBuilder b = Scenario.named("PromoteAfterCatchUp")
        .purpose("a new voter is staged as a learner and promoted only once it has caught up")
        .nodes(4).spares(1).electionTimeout(seconds(2), seconds(4))
        .catches(PlantedBug.PROMOTE_BEFORE_CAUGHT_UP);
    b.at(ms(10)).campaign(n(1));
    b.at(ms(60)).expectOneLeader();
    b.then().propose(n(1), "x", "1").as("a1");
    b.then().propose(n(1), "x", "2").as("a2");
    b.then().within(ms(500)).expectCommittedOnce("a2");
    b.then().partition(group(n(1), n(2)), group(n(3)), group(n(4)));
    b.then().change(n(1), Kind.ADD_VOTER, n(4));
    b.then().propose(n(1), "x", "3").as("a3");
    b.after(ms(100)).show("config");
    b.then().heal();
    b.then().within(seconds(2)).expectVoters(n(1), n(2), n(3), n(4));
    b.then().within(seconds(1)).expectConverged();
    return b.build();
  }

  /**
   * The configuration is part of the snapshot (dissertation §5.1): S4 joins (learner, then voter) and the servers
   * compact their logs past its entry every two entries; a server that restarts from the snapshot must come back in
   * the four-server configuration. Under snapshot-drops-config S1 comes back in the initial three-server one, and
   * cut off with S2 it wins an election and commits with two of the four.
   */
  static Scenario snapshotKeepsConfig() {
    ScenarioBuilder b = Scenario.named("SnapshotKeepsConfig")
        .purpose("a snapshot keeps the configuration: a server restarted from one is still in the new configuration")
        .nodes(4).spares(1).snapshotEvery(2).electionTimeout(seconds(2), seconds(4))
        .catches(PlantedBug.SNAPSHOT_DROPS_CONFIG);
    b.at(ms(10)).campaign(n(1));
    b.at(ms(60)).expectOneLeader();
    b.then().change(n(1), Kind.ADD_LEARNER, n(4));
    b.then().within(ms(500)).expectVoters(n(1), n(2), n(3));
    b.after(ms(100)).change(n(1), Kind.PROMOTE, n(4));
    b.then().within(ms(500)).expectVoters(n(1), n(2), n(3), n(4));
    for (int i = 1; i <= 4; i++) {
      b.then().propose(n(1), "x", Integer.toString(i)).as("s" + i);
    }
    b.then().within(ms(500)).expectCommittedOnce("s4");
    b.after(ms(200)).within(ms(500)).expectConverged();
    // S1 and S2 restart from their snapshots, cut off from S3 and S4; S1 runs for leader.
    b.then().partition(group(n(1), n(2)), group(n(3), n(4)));
    b.then().crash(n(1)).then().crash(n(2));
    b.after(ms(10)).restart(n(1)).then().restart(n(2));
    b.after(ms(10)).show("config");
    b.then().campaign(n(1));
    b.after(ms(100)).expectNoLeader();
    b.then().heal();
    b.then().within(seconds(6)).expectVoters(n(1), n(2), n(3), n(4));
    return b.build();
  }

  /**
   * Leadership transfer and leases (dissertation §3.10, §6.4.1; openraft #1749): once a leader sends TimeoutNow its
   * target may lead at once, so the old leader must stop serving lease reads. S1 leads with a lease (reads lease,
   * long timeouts so the lease is long), hands leadership to S2 and is cut off from the servers right after its
   * TimeoutNow goes out, so it never hears of term 2. A client's write then commits under S2, and another client,
   * which knows S1 as leader, reads the key from S1: S1 must not answer from its lease (a stale value, caught as
   * Linearizability). The planted switch that kept the lease was withdrawn: random schedules never found it.
   */
  static Scenario transferEndsLease() {
    ScenarioBuilder b = Scenario.named("TransferEndsLease")
        .purpose("a leader that hands over leadership stops serving lease reads at once")
        .nodes(3).clients(2).reads(dev.raftsim.raft.ReadMode.LEASE).electionTimeout(seconds(2), seconds(4))
        .initialNetwork(TEN_MS);
    b.at(ms(10)).campaign(n(1));
    b.at(ms(60)).expectOneLeader();
    b.then().put("x");
    b.then().get("x");
    b.after(ms(200)).expectAckedCommitted();
    b.then().change(n(1), Kind.TRANSFER, n(2));
    b.after(ms(5)).cut(n(2), n(1)).then().cut(n(3), n(1));
    b.after(ms(100)).put("x");
    b.after(ms(600)).get("x");
    b.after(ms(1000)).show("leader");
    return b.build();
  }
}
