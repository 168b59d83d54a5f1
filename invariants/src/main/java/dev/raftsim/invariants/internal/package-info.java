/**
 * The checkers' internals: prefix hashing, growable arrays, a primitive map, quorum arithmetic over configurations
 * (bit sets of node ids) and message wording. Not an API.
 */
package dev.raftsim.invariants.internal;
