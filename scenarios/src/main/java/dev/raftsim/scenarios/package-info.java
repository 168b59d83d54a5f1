/**
 * Running Raft under the simulator, and everything built on whole runs. This is the public API of the scenarios
 * module:
 *
 * <ul>
 *   <li>one run: {@link dev.raftsim.scenarios.RunSpec} (seed, {@link dev.raftsim.scenarios.ClusterConfig}, explicit
 *       fault plan, duration) goes into {@link dev.raftsim.scenarios.Simulator}, which hosts raftsim's Raft nodes and
 *       clients on the kernel, checks every invariant after every event and returns a
 *       {@link dev.raftsim.scenarios.RunResult} (violation, digest, history);
 *   <li>many runs: {@link dev.raftsim.scenarios.Campaign} (configured by
 *       {@link dev.raftsim.scenarios.CampaignConfig}) runs seeded schedules on worker threads, writes failures,
 *       shrinks them and writes {@code summary.json}; {@link dev.raftsim.scenarios.RaftProperty} is the same for
 *       JUnit tests;
 *   <li>after a failure: {@link dev.raftsim.scenarios.Counterexample} is the replayable file (spec, expected
 *       violation and digest, origin), {@link dev.raftsim.scenarios.Shrinker} makes it smaller and says why when it
 *       cannot, {@link dev.raftsim.scenarios.FailureReports} writes its HTML/JSON/ShiViz reports.
 * </ul>
 *
 * Sub-packages: {@code internal} (the hosting: cluster, server and client processes, the durable journal records
 * and their compaction), {@code shrink} (pure plan edits the shrinker tries), {@code catalogue} (scripted scenarios
 * and their text format), {@code check} (the exhaustive model checker). The CLI lives in {@code dev.raftsim.cli}.
 */
package dev.raftsim.scenarios;
