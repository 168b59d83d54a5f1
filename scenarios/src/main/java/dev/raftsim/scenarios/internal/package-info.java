/**
 * How raftsim hosts a Raft cluster on the kernel: processes, journal records, the checkers' view, and the state
 * trace written from that view ({@code StateTracer}, with {@code BootView} for the servers' boot state).
 */
package dev.raftsim.scenarios.internal;
