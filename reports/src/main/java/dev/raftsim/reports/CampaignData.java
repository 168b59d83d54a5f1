package dev.raftsim.reports;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fuzz campaign did, for {@link CampaignIndex}.
 *
 * @param failingSchedules how many schedules broke an invariant (may exceed {@code failures.size()} when only
 *     some are listed)
 * @param failures the failures listed with links to their reports
 * @param faultMixCounts fault family to number of schedules that had it enabled, shown in the map's order
 * @param timeToFirstLeaderMillis one sample per run that elected a leader
 * @param commitLatencyMillis samples of client command commit latency
 * @param electionsPerRun one sample per run
 * @param commandLine the command that ran the campaign
 * @param stoppedEarly why the campaign stopped before its last schedule when it was not interrupted (the failure
 *     limit), said in the banner; empty when it ran them all
 */
public record CampaignData(
    String title,
    long schedules,
    long failingSchedules,
    double schedulesPerSecond,
    double eventsPerSecond,
    long wallMillis,
    String campaignDigest,
    boolean interrupted,
    List<FailureLink> failures,
    Map<String, Long> faultMixCounts,
    List<Double> timeToFirstLeaderMillis,
    List<Double> commitLatencyMillis,
    List<Integer> electionsPerRun,
    String commandLine,
    String stoppedEarly) {

  public CampaignData(String title, long schedules, long failingSchedules, double schedulesPerSecond,
      double eventsPerSecond, long wallMillis, String campaignDigest, boolean interrupted, List<FailureLink> failures,
      Map<String, Long> faultMixCounts, List<Double> timeToFirstLeaderMillis, List<Double> commitLatencyMillis,
      List<Integer> electionsPerRun, String commandLine) {
    this(title, schedules, failingSchedules, schedulesPerSecond, eventsPerSecond, wallMillis, campaignDigest,
        interrupted, failures, faultMixCounts, timeToFirstLeaderMillis, commitLatencyMillis, electionsPerRun,
        commandLine, "");
  }

  public CampaignData {
    stoppedEarly = stoppedEarly == null ? "" : stoppedEarly;
    title = title == null ? "" : title;
    campaignDigest = campaignDigest == null ? "" : campaignDigest;
    commandLine = commandLine == null ? "" : commandLine;
    failures = failures == null ? List.of() : List.copyOf(failures);
    // Keep the caller's order (a TreeMap or LinkedHashMap); never a hash order.
    faultMixCounts = faultMixCounts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(faultMixCounts));
    timeToFirstLeaderMillis = timeToFirstLeaderMillis == null ? List.of() : List.copyOf(timeToFirstLeaderMillis);
    commitLatencyMillis = commitLatencyMillis == null ? List.of() : List.copyOf(commitLatencyMillis);
    electionsPerRun = electionsPerRun == null ? List.of() : List.copyOf(electionsPerRun);
  }
}
