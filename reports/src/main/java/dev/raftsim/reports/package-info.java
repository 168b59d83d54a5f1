/** raftsim reports. */
package dev.raftsim.reports;
