/**
 * raftsim as a test library: {@link dev.raftsim.junit.RaftSimProperty}, a JUnit 5 property over any Raft
 * implementation of the SPI ({@code dev.raftsim.spi}), and {@link dev.raftsim.junit.Invariant}, a user's invariant
 * as a predicate over the checkers' {@link dev.raftsim.invariants.ClusterView}. Depends on the scenarios module's
 * public API only (never on {@code scenarios.internal}); brings neither picocli nor JMH.
 */
package dev.raftsim.junit;
