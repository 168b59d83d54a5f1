/**
 * A linearizable key-value service on top of {@link dev.raftsim.raft.RaftNode}: the replicated state
 * machine with client deduplication, the server that turns client requests into log entries, and the
 * client's retry protocol. Pure logic: the host moves messages and fires timers.
 */
package dev.raftsim.raft.kv;
