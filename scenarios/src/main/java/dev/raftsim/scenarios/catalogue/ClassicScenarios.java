package dev.raftsim.scenarios.catalogue;

import static dev.raftsim.scenarios.catalogue.Scenario.ms;
import static dev.raftsim.scenarios.catalogue.Scenario.seconds;
import static dev.raftsim.scenarios.catalogue.ScenarioBuilder.group;
import static dev.raftsim.scenarios.catalogue.Target.all;
import static dev.raftsim.scenarios.catalogue.Target.follower;
import static dev.raftsim.scenarios.catalogue.Target.leader;
import static dev.raftsim.scenarios.catalogue.Target.leaderIfAny;
import static dev.raftsim.scenarios.catalogue.Target.marked;
import static dev.raftsim.scenarios.catalogue.Target.n;
import static dev.raftsim.scenarios.catalogue.Target.reg;
import static dev.raftsim.scenarios.catalogue.Target.rest;

import dev.raftsim.raft.PlantedBug;
import dev.raftsim.sim.Prng;
import java.util.List;

/**
 * The MIT 6.5840 Raft lab's tests (3A-3C) as deterministic scenarios, plus the paper's Figure 8 as a script. Each
 * keeps the lab test's name, structure and checks; the lab's {@code one(cmd, n)} (submit at the leader, wait for
 * the commit) becomes {@code propose leader ... as X} followed by {@code within ... expect committed-once X}, its
 * {@code checkOneLeader} a polled {@code expect one-leader}, its {@code (leader + k) % servers} the target L+k.
 * Random choices of the lab (which nodes, how long to sleep) are drawn once from the scenario's seed when the
 * scenario is built, so each scenario is one fixed, printable schedule. InitialElection and AsymmetricPartition are
 * text files (src/main/resources/scenarios).
 */
public final class ClassicScenarios {
  /** The lab's RaftElectionTimeout (1 s) scaled to our 150-300 ms timeouts. */
  static final long ELECTION = ms(300);

  private ClassicScenarios() {}

  public static List<Scenario> scenarios() {
    return List.of(reElection(), manyElections(), basicAgree(), rpcBytes(), followerFailure(), leaderFailure(),
        failAgree(), failNoAgree(), concurrentStarts(), rejoin(), backup(), count(), persist1(), persist2(),
        persist3(), figure8(), unreliableAgree(), figure8Unreliable(), churn("ReliableChurn", false),
        churn("UnreliableChurn", true), figure8Paper(), snapshotBasic(), snapshotInstall("SnapshotInstall2D", false,
        false), snapshotInstall("SnapshotInstallUnreliable2D", true, false),
        snapshotInstall("SnapshotInstallCrash2D", false, true), snapshotInstall("SnapshotInstallUnCrash2D", true, true),
        snapshotBug("StaleInstallSnapshot", PlantedBug.INSTALL_ROLLS_BACK, 1),
        snapshotBug("InstallKeepsSuffix", PlantedBug.DISCARD_SUFFIX_ON_INSTALL, 44));
  }

  /**
   * One planted log-compaction bug's hand-built scenario: three servers snapshotting every 2 entries under client
   * load over a long-reordering network, a follower crashed and restarted again and again so that it keeps falling
   * behind the leader's snapshot base; InstallSnapshot requests then arrive late, duplicated by retries and out of
   * order. The correct model passes; under the bug the run breaks an invariant.
   */
  static Scenario snapshotBug(String name, PlantedBug bug, long seed) {
    ScenarioBuilder b = Scenario.named(name)
        .purpose("late, reordered InstallSnapshot requests to a follower that keeps falling behind the snapshot base")
        .catches(bug).seed(seed).limit(seconds(6))
        .nodes(3).workload(2).snapshotEvery(2).initialNetwork(Networks.longReordering());
    awaitLeader(b);
    for (int round = 0; round < 6; round++) {
      b.then().crash(marked(1)).after(ELECTION).restart(marked(1)).after(ELECTION);
      awaitLeader(b);
    }
    return b.build();
  }

  /** The lab's TestSnapshotBasic2D: servers snapshot every few entries while commands keep committing. */
  static Scenario snapshotBasic() {
    ScenarioBuilder b = Scenario.named("SnapshotBasic2D")
        .purpose("servers snapshot every 5 applied entries and discard the log prefix; commands keep committing")
        .nodes(3).snapshotEvery(5);
    awaitLeader(b);
    for (int i = 1; i <= 30; i++) {
      one(b, "s" + i, String.valueOf(i));
    }
    b.then().within(seconds(2)).expectConverged();
    return b.build();
  }

  /**
   * The lab's TestSnapshotInstall2D family: a follower is cut off (or crashed) while the others commit and compact
   * far past it, so catching up needs InstallSnapshot; optionally over a lossy network (Unreliable) and with crashes
   * instead of disconnections (Crash; UnCrash does both).
   */
  static Scenario snapshotInstall(String name, boolean unreliable, boolean crash) {
    ScenarioBuilder b = Scenario.named(name)
        .purpose("a follower " + (crash ? "crashed" : "disconnected") + " while the others commit and compact catches"
            + " up by InstallSnapshot" + (unreliable ? ", over a lossy network" : ""))
        .catches(PlantedBug.PROBE_AT_SNAPSHOT_BASE)
        .nodes(3).snapshotEvery(4);
    if (unreliable) {
      b.initialNetwork(Networks.unreliable());
    }
    awaitLeader(b);
    one(b, "a", "0");
    for (int round = 0; round < 3; round++) {
      if (crash) {
        b.then().crash(marked(1));
      } else {
        b.then().isolate(marked(1));
      }
      for (int i = 1; i <= 10; i++) {
        b.then().propose(leaderIfAny(), "x", round + "." + i);
      }
      b.then().within(seconds(unreliable ? 10 : 2)).expectCommittedAtLeast(10 * round + 11);
      if (crash) {
        b.then().restart(marked(1));
      } else {
        b.then().connect(marked(1));
      }
      b.then().within(seconds(unreliable ? 10 : 3)).expectConverged();
      awaitLeader(b);
    }
    return b.build();
  }

  /** The lab's one(value, n): propose at the current leader and wait until it commits. */
  private static ScenarioBuilder one(ScenarioBuilder b, String label, String value) {
    return b.then().propose(leader(), "x", value).as(label).then().within(seconds(2)).expectCommittedOnce(label);
  }

  /** Waits for a leader, as the lab's checkOneLeader does (it polls for up to 5 s). */
  private static ScenarioBuilder awaitLeader(ScenarioBuilder b) {
    return b.then().within(seconds(5)).expectOneLeader();
  }

  static Scenario reElection() {
    ScenarioBuilder b = Scenario.named("ReElection")
        .purpose("leader disconnected -> new leader; old leader rejoins without disruption; no quorum, no leader")
        .nodes(3);
    b.at(0).within(seconds(2)).expectOneLeader();
    b.then().remember("A", leader()).then().isolate(reg("A"));
    b.then().within(seconds(2)).expectLeaderChanged();
    // The old leader rejoins: it must step down without forcing an election (the term stays).
    b.then().mark().then().connect(reg("A"));
    b.after(ELECTION).within(seconds(1)).expectOneLeader().then().expectTermUnchanged();
    // No quorum, no leader.
    b.then().isolate(marked()).then().isolate(marked(1));
    b.after(2 * ELECTION).expectNoLeader();
    // A quorum again: a leader.
    b.then().connect(marked(1));
    b.then().within(seconds(2)).expectOneLeader();
    // The last node rejoins: still one leader.
    b.then().connect(all());
    b.after(ELECTION).within(seconds(1)).expectOneLeader();
    return b.build();
  }

  static Scenario manyElections() {
    ScenarioBuilder b = Scenario.named("ManyElections")
        .purpose("7 nodes, 3 random ones disconnected again and again: one leader whenever a majority is connected")
        .nodes(7);
    awaitLeader(b);
    Prng r = b.random();
    for (int iter = 0; iter < 10; iter++) {
      for (int k = 0; k < 3; k++) {
        b.then().isolate(n(1 + r.nextInt(7)));
      }
      awaitLeader(b);
      b.then().connect(all());
      b.after(ELECTION).within(seconds(1)).expectOneLeader();
    }
    return b.build();
  }

  static Scenario basicAgree() {
    ScenarioBuilder b = Scenario.named("BasicAgree")
        .purpose("nothing commits before it is submitted; commands commit at indexes 1, 2, 3")
        .nodes(3).noOpOnElection(false);
    awaitLeader(b);
    for (int i = 1; i <= 3; i++) {
      b.then().expectCommitted(i - 1);
      b.then().propose(leader(), "x", String.valueOf(100 * i)).as("c" + i);
      b.then().within(seconds(2)).expectCommittedAt("c" + i, i);
      b.then().within(seconds(1)).expectConverged();
    }
    return b.build();
  }

  static Scenario rpcBytes() {
    ScenarioBuilder b = Scenario.named("RPCBytes")
        .purpose("in a healthy cluster each command is sent to each follower once")
        .nodes(3);
    awaitLeader(b);
    one(b, "first", "99");
    b.then().within(seconds(1)).expectConverged().then().mark();
    for (int i = 1; i <= 10; i++) {
      one(b, "c" + i, "v" + i);
      b.then().within(seconds(1)).expectConverged();
    }
    b.then().expectEntriesSentAtMost(10 * 2);
    return b.build();
  }

  static Scenario followerFailure() {
    ScenarioBuilder b = Scenario.named("FollowerFailure")
        .purpose("progress with one follower gone; no commit once only the leader is left")
        .nodes(3);
    awaitLeader(b);
    one(b, "a", "101");
    b.then().isolate(marked(1));
    one(b, "b", "102");
    b.after(ELECTION);
    one(b, "c", "103");
    awaitLeader(b);
    b.then().isolate(marked(1)).then().isolate(marked(2));
    b.then().propose(marked(), "x", "104").as("d");
    b.after(2 * ELECTION).expectNotCommitted("d").then().expectCommitted(3);
    return b.build();
  }

  static Scenario leaderFailure() {
    ScenarioBuilder b = Scenario.named("LeaderFailure")
        .purpose("progress after the leader is lost; no commit once the majority is lost")
        .nodes(3);
    awaitLeader(b);
    one(b, "a", "101");
    b.then().isolate(marked());
    b.then().within(seconds(2)).expectLeaderChanged();
    one(b, "b", "102");
    b.after(ELECTION);
    one(b, "c", "103");
    b.then().isolate(marked()).then().isolate(marked(1));
    // Whoever still believes it leads takes the command; it must not commit.
    b.then().propose(leaderIfAny(), "x", "104").as("d");
    b.after(2 * ELECTION).expectNotCommitted("d").then().expectCommitted(3);
    return b.build();
  }

  static Scenario failAgree() {
    ScenarioBuilder b = Scenario.named("FailAgree")
        .purpose("a disconnected follower catches up after it reconnects")
        .catches(PlantedBug.SKIP_UP_TO_DATE_CHECK)
        .nodes(3);
    awaitLeader(b);
    one(b, "a", "101");
    b.then().isolate(marked(1));
    one(b, "b", "102");
    one(b, "c", "103");
    b.after(ELECTION);
    one(b, "d", "104");
    one(b, "e", "105");
    b.then().connect(marked(1));
    one(b, "f", "106");
    b.then().within(seconds(2)).expectConverged();
    b.after(ELECTION);
    one(b, "g", "107");
    b.then().within(seconds(2)).expectConverged();
    return b.build();
  }

  static Scenario failNoAgree() {
    ScenarioBuilder b = Scenario.named("FailNoAgree")
        .purpose("3 of 5 disconnected: nothing commits; after healing the logs converge")
        .nodes(5);
    awaitLeader(b);
    one(b, "a", "10");
    b.then().isolate(marked(1)).then().isolate(marked(2)).then().isolate(marked(3));
    b.then().propose(marked(), "x", "20").as("b");
    b.after(2 * ELECTION).expectNotCommitted("b").then().expectCommitted(1);
    b.then().heal();
    awaitLeader(b);
    one(b, "c", "30");
    b.then().within(seconds(2)).expectConverged();
    return b.build();
  }

  static Scenario concurrentStarts() {
    ScenarioBuilder b = Scenario.named("ConcurrentStarts")
        .purpose("several concurrent submissions in one term all commit, each exactly once")
        .catches(PlantedBug.TRUNCATE_ON_STALE_APPEND)
        .nodes(3).clients(3);
    awaitLeader(b);
    b.then().mark();
    for (int i = 1; i <= 5; i++) {
      b.then().propose(leader(), "x", "s" + i).as("s" + i);
    }
    b.then().append("y").as("c1").then().append("y").as("c2").then().append("z").as("c3");
    for (int i = 1; i <= 5; i++) {
      b.then().within(seconds(2)).expectCommittedOnce("s" + i);
    }
    for (int i = 1; i <= 3; i++) {
      b.then().within(seconds(2)).expectCommittedOnce("c" + i);
    }
    b.then().expectTermUnchanged();
    return b.build();
  }

  static Scenario rejoin() {
    ScenarioBuilder b = Scenario.named("Rejoin")
        .purpose("a partitioned leader with uncommitted entries rejoins; its conflicting entries are replaced")
        .catches(PlantedBug.SKIP_UP_TO_DATE_CHECK, PlantedBug.ACCEPT_STALE_APPEND)
        .nodes(3);
    awaitLeader(b);
    one(b, "a", "101");
    b.then().remember("A", marked()).then().isolate(reg("A"));
    // The old leader does not know it is cut off and takes three commands that can never commit.
    b.then().propose(reg("A"), "x", "102").as("s1");
    b.then().propose(reg("A"), "x", "103").as("s2");
    b.then().propose(reg("A"), "x", "104").as("s3");
    b.then().within(seconds(2)).expectLeaderChanged();
    one(b, "b", "1103");
    b.then().remember("B", marked()).then().isolate(reg("B")).then().connect(reg("A"));
    awaitLeader(b);
    one(b, "c", "1104");
    b.then().connect(reg("B"));
    one(b, "d", "1105");
    b.then().within(seconds(2)).expectConverged();
    b.then().expectNotCommitted("s1").then().expectNotCommitted("s2").then().expectNotCommitted("s3");
    return b.build();
  }

  static Scenario backup() {
    ScenarioBuilder b = Scenario.named("Backup")
        .purpose("5 nodes, 50 uncommitted entries per side of partitions: logs back up fast and converge")
        .catches(PlantedBug.TRUNCATE_ON_STALE_APPEND)
        .nodes(5);
    awaitLeader(b);
    one(b, "first", "0");
    // The leader and one follower on one side; 50 commands that cannot commit.
    b.then().remember("A", marked());
    b.then().isolate(reg("A", 2)).then().isolate(reg("A", 3)).then().isolate(reg("A", 4));
    for (int i = 1; i <= 50; i++) {
      b.then().propose(reg("A"), "x", "u" + i).as("u" + i);
    }
    b.after(ELECTION / 2);
    // The other three, with 50 commands that commit.
    b.then().isolate(reg("A")).then().isolate(reg("A", 1));
    b.then().connect(reg("A", 2)).then().connect(reg("A", 3)).then().connect(reg("A", 4));
    awaitLeader(b);
    for (int i = 1; i <= 50; i++) {
      b.then().propose(leader(), "x", "v" + i).as("v" + i);
    }
    b.then().within(seconds(5)).expectCommittedOnce("v50");
    // Their leader loses a follower and takes 50 commands that cannot commit.
    b.then().remember("B", leader()).then().remember("O", follower()).then().isolate(reg("O"));
    for (int i = 1; i <= 50; i++) {
      b.then().propose(reg("B"), "x", "w" + i).as("w" + i);
    }
    b.after(ELECTION / 2);
    // The first pair and the lost follower come back together: O's log wins, 50 more commands commit.
    b.then().partition(group(reg("A"), reg("A", 1), reg("O")), group(rest()));
    awaitLeader(b);
    for (int i = 1; i <= 50; i++) {
      b.then().propose(leader(), "x", "y" + i).as("y" + i);
    }
    b.then().within(seconds(5)).expectCommittedOnce("y50");
    // Everyone: the logs converge.
    b.then().heal();
    awaitLeader(b);
    one(b, "last", "1");
    b.then().within(seconds(5)).expectConverged();
    b.then().expectCommittedAtLeast(1 + 50 + 50 + 1);
    b.then().expectNotCommitted("u1").then().expectNotCommitted("u50");
    b.then().expectNotCommitted("w1").then().expectNotCommitted("w50");
    return b.build();
  }

  static Scenario count() {
    ScenarioBuilder b = Scenario.named("Count")
        .purpose("message budget: an election, 10 commands and an idle second each stay within a fixed RPC count")
        .catches(PlantedBug.TRUNCATE_ON_STALE_APPEND)
        .nodes(3);
    awaitLeader(b);
    b.then().expectMessagesAtMost(30);
    b.then().mark();
    for (int i = 1; i <= 10; i++) {
      b.then().propose(leader(), "x", "c" + i).as("c" + i);
    }
    for (int i = 1; i <= 10; i++) {
      b.then().within(seconds(2)).expectCommittedOnce("c" + i);
    }
    b.then().expectTermUnchanged();
    b.then().expectMessagesAtMost((10 + 1 + 3) * 3);
    b.then().mark();
    b.after(seconds(1)).expectMessagesAtMost(3 * 20);
    b.then().expectTermUnchanged();
    return b.build();
  }

  static Scenario persist1() {
    ScenarioBuilder b = Scenario.named("Persist1")
        .purpose("crash and restart of all nodes, then of the leader, then of a follower: committed state survives")
        .catches(PlantedBug.ACK_BEFORE_PERSIST)
        .nodes(3);
    awaitLeader(b);
    one(b, "a", "11");
    b.then().crash(all()).after(ms(10)).restart(all());
    awaitLeader(b);
    one(b, "b", "12");
    b.then().expectCommittedOnce("a");
    b.then().crash(marked()).after(ms(10)).restart(all());
    awaitLeader(b);
    one(b, "c", "13");
    b.then().crash(marked());
    awaitLeader(b);
    one(b, "d", "14");
    b.then().restart(all());
    b.then().within(seconds(2)).expectConverged();
    awaitLeader(b);
    b.then().crash(marked(1));
    one(b, "e", "15");
    b.then().restart(all());
    one(b, "f", "16");
    b.then().within(seconds(2)).expectConverged();
    for (String l : List.of("a", "b", "c", "d", "e")) {
      b.then().expectCommittedOnce(l);
    }
    return b.build();
  }

  static Scenario persist2() {
    ScenarioBuilder b = Scenario.named("Persist2")
        .purpose("5 nodes; partitions and crashes of leader and followers, restarted in turn: state survives")
        .catches(PlantedBug.TRUNCATE_ON_STALE_APPEND, PlantedBug.SKIP_UP_TO_DATE_CHECK, PlantedBug.ACK_BEFORE_PERSIST)
        .nodes(5);
    for (int i = 1; i <= 5; i++) {
      awaitLeader(b);
      b.then().remember("A", marked());
      one(b, "a" + i, "1" + i);
      // The leader keeps a bare majority (itself, A+3, A+4) and commits.
      b.then().isolate(reg("A", 1)).then().isolate(reg("A", 2));
      one(b, "b" + i, "2" + i);
      // That majority crashes; the two left behind come back, then one of the crashed: a majority again.
      b.then().crash(reg("A")).then().crash(reg("A", 3)).then().crash(reg("A", 4));
      b.then().connect(reg("A", 1)).then().connect(reg("A", 2));
      b.after(ELECTION).restart(reg("A", 3));
      awaitLeader(b);
      one(b, "c" + i, "3" + i);
      b.then().restart(reg("A", 4)).then().restart(reg("A"));
      b.then().within(seconds(3)).expectConverged();
    }
    awaitLeader(b);
    one(b, "last", "1000");
    for (int i = 1; i <= 5; i++) {
      b.then().expectCommittedOnce("b" + i);
    }
    return b.build();
  }

  static Scenario persist3() {
    ScenarioBuilder b = Scenario.named("Persist3")
        .purpose("a partitioned leader and a follower crash, the leader restarts: what it committed survives")
        .nodes(3);
    awaitLeader(b);
    one(b, "a", "101");
    b.then().remember("A", marked()).then().isolate(reg("A", 2));
    one(b, "b", "102");
    b.then().crash(reg("A")).then().crash(reg("A", 1));
    b.then().connect(reg("A", 2));
    b.then().restart(reg("A"));
    awaitLeader(b);
    one(b, "c", "103");
    b.then().restart(reg("A", 1));
    one(b, "d", "104");
    b.then().within(seconds(2)).expectConverged();
    b.then().expectCommittedOnce("a").then().expectCommittedOnce("b");
    return b.build();
  }

  /** The lab's Figure 8 loop: submit at the leader, sleep a little or up to half an election timeout, crash it. */
  static Scenario figure8() {
    ScenarioBuilder b = Scenario.named("Figure8")
        .purpose("5 nodes; the leader crashes at random moments while >= 3 stay up: safe, and it keeps committing")
        .catches(PlantedBug.SKIP_UP_TO_DATE_CHECK)
        .nodes(5);
    awaitLeader(b);
    one(b, "first", "0");
    Prng r = b.random();
    for (int i = 1; i <= 300; i++) {
      b.then().propose(leaderIfAny(), "x", "f" + i);
      long sleep = r.nextInt(1000) < 100 ? r.nextLong(0, ELECTION / 2) : r.nextLong(0, ms(13));
      b.after(sleep).crash(leaderIfAny());
      b.then().ensureUp(3);
    }
    b.then().restart(all());
    awaitLeader(b);
    b.then().within(seconds(10)).expectCommittedOnce("first");
    one(b, "last", "1");
    b.then().within(seconds(5)).expectConverged();
    return b.build();
  }

  static Scenario unreliableAgree() {
    return Scenario.named("UnreliableAgree")
        .purpose("concurrent submissions over a lossy, reordering network all commit")
        .catches(PlantedBug.TRUNCATE_ON_STALE_APPEND, PlantedBug.MATCH_FROM_STALE_REPLY)
        .nodes(5).clients(4).initialNetwork(Networks.unreliable())
        .at(0).submit(100)
        .then().within(seconds(30)).expectCommittedAtLeast(100)
        .then().network(Networks.reliable())
        .then().append("x").as("last")
        .then().within(seconds(5)).expectCommittedOnce("last")
        .then().expectAckedCommitted()
        .then().within(seconds(3)).expectConverged()
        .build();
  }

  /** The lab's Figure8Unreliable: disconnect the leader at random moments over a lossy, later reordering network. */
  static Scenario figure8Unreliable() {
    ScenarioBuilder b = Scenario.named("Figure8Unreliable")
        .purpose("Figure8 with disconnects over a lossy network with long message reordering")
        .catches(PlantedBug.SKIP_UP_TO_DATE_CHECK)
        .nodes(5).initialNetwork(Networks.unreliable());
    awaitLeader(b);
    one(b, "first", "0");
    Prng r = b.random();
    for (int i = 1; i <= 300; i++) {
      if (i == 60) {
        b.then().network(Networks.longReordering());
      }
      b.then().propose(leaderIfAny(), "x", "f" + i);
      long sleep = r.nextInt(1000) < 100 ? r.nextLong(0, ELECTION / 2) : r.nextLong(0, ms(13));
      b.after(sleep);
      if (r.nextInt(1000) < 500) {
        b.then().isolate(leaderIfAny());
      }
      b.then().ensureUp(3);
    }
    b.then().network(Networks.unreliable()).then().connect(all());
    awaitLeader(b);
    b.then().within(seconds(10)).expectCommittedOnce("first");
    b.then().propose(leader(), "x", "last").as("last").then().within(seconds(10)).expectCommittedOnce("last");
    b.then().within(seconds(10)).expectConverged();
    return b.build();
  }

  /**
   * The lab's churn tests: clients submit all along while, every 0.7 election timeouts, a random node may be
   * disconnected, a random one restarted and reconnected, a random one crashed. At the end everything comes back and
   * every operation a client saw acknowledged must be in the committed log (and the history linearizable).
   */
  static Scenario churn(String name, boolean unreliable) {
    ScenarioBuilder b = Scenario.named(name)
        .purpose("random disconnects, crashes and restarts under client load" + (unreliable ? " on a lossy network" : "")
            + ": every acknowledged command is in the final log")
        .nodes(5).workload(3);
    b.catches(PlantedBug.TRUNCATE_ON_STALE_APPEND, PlantedBug.SKIP_UP_TO_DATE_CHECK, PlantedBug.STALE_READ);
    if (unreliable) {
      b.initialNetwork(Networks.unreliable()).catches(PlantedBug.DUPLICATE_APPLY);
    }
    Prng r = b.random();
    b.at(0);
    for (int i = 0; i < 20; i++) {
      b.after(ELECTION * 7 / 10);
      if (r.nextInt(1000) < 200) {
        b.then().isolate(n(1 + r.nextInt(5)));
      }
      if (r.nextInt(1000) < 500) {
        int node = 1 + r.nextInt(5);
        b.then().restart(n(node)).then().connect(n(node));
      }
      if (r.nextInt(1000) < 200) {
        b.then().crash(n(1 + r.nextInt(5)));
      }
      b.then().show("leader");
    }
    b.then().healAll();
    b.after(ELECTION).stopClients();
    awaitLeader(b);
    b.after(ELECTION);
    one(b, "last", "end");
    b.then().within(seconds(5)).expectConverged();
    b.then().expectAckedCommitted();
    return b.build();
  }

  /**
   * The paper's Figure 8, scripted: elections are forced with campaign (timeouts are long so that nobody runs on
   * their own) and no leader appends a no-op, as in the figure. (a) S1 leads term 2 and replicates index 2 to S2
   * only; (b) S1 crashes, S5 wins term 3 with S3, S4 and itself and appends a different index 2; (c) S5 crashes, S1
   * restarts, wins term 4 and copies index 2 (term 2) onto a majority; (d) S1 crashes, S5 wins term 5 and replaces
   * index 2 everywhere. A correct leader never counts the term-2 entry as committed in (c), so (d) is legal; with
   * figure8-commit it does, and S5's election in (d) breaks Leader Completeness.
   */
  static Scenario figure8Paper() {
    ScenarioBuilder b = Scenario.named("Figure8Paper")
        .purpose("the paper's Figure 8 scripted: an entry of an old term must not commit by counting replicas")
        .nodes(5).noOpOnElection(false).electionTimeout(seconds(2), seconds(4))
        .catches(PlantedBug.FIGURE8_COMMIT);
    // Term 1: S1 leads, index 1 commits everywhere.
    b.at(ms(10)).campaign(n(1));
    b.at(ms(50)).expectOneLeader();
    b.then().propose(n(1), "x", "1").as("i1");
    b.then().within(ms(500)).expectConverged().then().expectCommittedAt("i1", 1);
    // (a) S1 leads term 2 (a restart makes it run again) and replicates index 2 to S2 only.
    b.at(ms(200)).crash(n(1)).after(ms(10)).restart(n(1));
    b.after(ms(10)).campaign(n(1));
    b.after(ms(50)).expectOneLeader().then().expectTermsAgree();
    b.then().partition(group(n(1), n(2)), group(n(3), n(4), n(5)));
    b.then().propose(n(1), "x", "2").as("a2");
    b.after(ms(50)).show("logs");
    // (b) S1 crashes; S5 wins term 3 with the votes of S3 and S4, and alone appends a different index 2.
    b.then().crash(n(1));
    b.then().campaign(n(5));
    b.after(ms(50)).expectOneLeader();
    b.then().isolate(n(5));
    b.then().propose(n(5), "x", "3").as("b2");
    b.after(ms(50)).show("logs");
    // (c) S5 crashes; S1 restarts and wins term 4 with S2, S3, S4; it copies index 2 of term 2 to a majority.
    b.then().crash(n(5)).then().heal();
    b.then().restart(n(1));
    b.after(ms(10)).campaign(n(1)); // term 3: S3 and S4 already voted for S5, S2 alone cannot make a majority
    b.after(ms(50)).campaign(n(1)); // term 4
    b.after(ms(50)).expectOneLeader();
    b.then().show("logs");
    // (d) S1 crashes; S5 restarts and wins term 5: its last log term 3 beats the others' 2.
    b.then().crash(n(1)).then().restart(n(5));
    b.after(ms(10)).campaign(n(5)); // term 4: everyone voted in term 4 already
    b.after(ms(50)).campaign(n(5)); // term 5
    b.after(ms(50)).expectOneLeader();
    b.then().propose(n(5), "x", "5").as("d3");
    b.then().within(ms(500)).expectCommittedAt("d3", 3);
    b.then().restart(n(1));
    b.then().within(seconds(1)).expectConverged();
    b.then().show("logs");
    b.then().expectCommittedAt("b2", 2).then().expectNotCommitted("a2");
    return b.build();
  }
}
