/** How raftsim hosts a Raft cluster on the kernel: processes, journal records, the checkers' view. */
package dev.raftsim.scenarios.internal;
