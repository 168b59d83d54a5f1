/** raftsim sim-core. */
package dev.raftsim.sim;
