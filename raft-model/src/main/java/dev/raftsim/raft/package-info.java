/** raftsim raft-model. */
package dev.raftsim.raft;
