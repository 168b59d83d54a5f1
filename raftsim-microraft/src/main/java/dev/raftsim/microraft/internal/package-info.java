/**
 * The adapter's internals: {@link dev.raftsim.microraft.internal.MicroRaftServer} (one MicroRaft node behind the
 * SPI), the executor, clock, random, transport and store MicroRaft is given, the KV state machine, the message
 * format (fingerprints, summaries) and the per-schedule {@code RaftConfig} ({@link
 * dev.raftsim.microraft.internal.Tuning}). Where it reads MicroRaft's internals ({@code io.microraft.impl}) it says
 * so at the point of use.
 */
package dev.raftsim.microraft.internal;
