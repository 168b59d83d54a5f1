/** Internals of raft-model (hashing helpers); not part of the supported API. */
package dev.raftsim.raft.internal;
