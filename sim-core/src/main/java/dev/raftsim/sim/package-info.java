/**
 * The deterministic discrete-event kernel: it knows processes, messages, timers, disks and faults, and nothing of
 * Raft. Public API:
 *
 * <ul>
 *   <li>{@link dev.raftsim.sim.Simulation} runs {@link dev.raftsim.sim.SimProcess}es (created by a
 *       {@link dev.raftsim.sim.ProcessFactory}, restarted from their {@link dev.raftsim.sim.DurableStore}) on a
 *       virtual clock, one event at a time, configured by {@link dev.raftsim.sim.SimulationConfig}; processes act
 *       through their {@link dev.raftsim.sim.Context} (send, timers, write/sync, their own random stream);
 *   <li>randomness: {@link dev.raftsim.sim.Prng} (SplitMix64), one independent stream per purpose derived from the
 *       seed, so the same seed and configuration give a byte-identical trace and digest on any JVM;
 *   <li>faults: {@link dev.raftsim.sim.Fault} (sealed: crashes, partitions, clogs, skew, leader-hunting faults),
 *       {@link dev.raftsim.sim.TimedFault} and {@link dev.raftsim.sim.FaultPlan} (an explicit schedule),
 *       {@link dev.raftsim.sim.FaultProfile} (how plans are drawn from a seed) and
 *       {@link dev.raftsim.sim.NetworkParams};
 *   <li>observing: {@link dev.raftsim.sim.TraceEvent}/{@link dev.raftsim.sim.TraceKind} through a
 *       {@link dev.raftsim.sim.TraceSink}, and the {@link dev.raftsim.sim.Observer} that checkers hook into.
 * </ul>
 *
 * {@code internal} holds the event heap and event records. Nothing here may use wall clocks, threads,
 * {@code java.util.Random} or hash iteration order (forbiddenapis enforces it).
 */
package dev.raftsim.sim;
