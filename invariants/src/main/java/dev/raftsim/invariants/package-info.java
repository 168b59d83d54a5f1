/**
 * Checkers that run after every event of a Raft run, over a read-only {@link dev.raftsim.invariants.ClusterView}.
 *
 * <p>Start at {@link dev.raftsim.invariants.Checkers}: {@code incremental()} for long runs, {@code reference()} to
 * cross-check it, {@code withLiveness(...)} to add progress checks. Invariant names are listed in
 * {@link dev.raftsim.invariants.Checkers#INVARIANTS}.
 */
package dev.raftsim.invariants;
