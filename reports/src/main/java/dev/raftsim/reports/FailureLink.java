package dev.raftsim.reports;

/**
 * One failing schedule of a campaign, as the campaign index lists it: the failure as shown (the shrunk run once
 * shrunk: its seed, sentence and size, the same as its report) and the run first found, its labelled origin.
 *
 * @param index the schedule's index in the campaign, as in its file names (failure-INDEX.json)
 * @param reportPath path of its HTML report relative to the campaign folder (forward slashes)
 * @param events events up to the violation in the run shown
 * @param origin the run as first found; null when it was not shrunk
 */
public record FailureLink(long index, long seed, String invariant, String message, String reportPath, long events,
    Origin origin) {
  /** The run as the campaign first found it. */
  public record Origin(long seed, String message, long events) {}
}
