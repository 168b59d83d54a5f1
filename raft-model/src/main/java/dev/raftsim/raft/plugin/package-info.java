/**
 * raftsim's own Raft ({@link dev.raftsim.raft.RaftNode} under a {@link dev.raftsim.raft.kv.KvServer}) as one
 * plug-in behind the implementation SPI ({@code dev.raftsim.spi}), named {@code raftsim}. The simulator host reaches
 * the model only through here; its planted bugs are this implementation's options. It brings its own client
 * protocol ({@link dev.raftsim.raft.kv.KvClient}) and its own exact-class message codec, so runs keep the message
 * stream, and the digests, they had before the SPI.
 */
package dev.raftsim.raft.plugin;
