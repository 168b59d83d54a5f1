/**
 * Raft as a pure deterministic state machine (etcd-io/raft style). {@link dev.raftsim.raft.RaftNode} takes
 * inputs (messages, timer expiries, proposals) and reports every effect through {@link
 * dev.raftsim.raft.RaftOutput}; the host owns time, randomness, the network and the disk. Messages, entries
 * and commands are immutable values with JVM-independent digests. {@link dev.raftsim.raft.PlantedBug} lists
 * the switchable bugs. The key-value service on top lives in {@code dev.raftsim.raft.kv}.
 */
package dev.raftsim.raft;
