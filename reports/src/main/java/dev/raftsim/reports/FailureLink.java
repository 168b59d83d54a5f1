package dev.raftsim.reports;

/**
 * One failing schedule of a campaign, as the campaign index lists it.
 *
 * @param reportPath path of its HTML report relative to the campaign folder (forward slashes)
 * @param shrunkEvents events in the shrunk counterexample, -1 if it was not shrunk
 */
public record FailureLink(long seed, String invariant, String message, String reportPath, long shrunkEvents) {}
