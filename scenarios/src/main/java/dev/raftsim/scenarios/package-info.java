/** raftsim scenarios. */
package dev.raftsim.scenarios;
