package dev.raftsim.reports;

import dev.raftsim.sim.TraceEvent;
import java.util.List;
import java.util.Objects;

/**
 * Everything a person needs to understand one run: what it was, what broke, the trace that led there, the nodes'
 * state at the end and the clients' view. The writers ({@link HtmlReport}, {@link JsonReport}, {@link ShivizExport})
 * only read it.
 *
 * @param title one line naming the run (e.g. "figure8-commit, seed 42")
 * @param seed the run's seed
 * @param configuration one-line human description of the cluster, network and faults
 * @param processNames index = process id: servers "n1".."nN" first, then clients "c1"..
 * @param serverCount how many of {@code processNames} are servers (the rest are clients)
 * @param trace the recorded trace, in recording order (event indices non-decreasing)
 * @param violation what broke, or null when the run was clean
 * @param nodeStates each server's state at the violation (or at the end), in process order
 * @param history client operations in invocation order
 * @param replayCommand a shell command that reproduces the run
 * @param digest the run's digest in hex
 * @param events kernel events executed
 * @param simulatedMicros virtual time reached
 */
public record RunReport(
    String title,
    long seed,
    String configuration,
    List<String> processNames,
    int serverCount,
    List<TraceEvent> trace,
    ViolationInfo violation,
    List<NodeState> nodeStates,
    List<ClientOp> history,
    String replayCommand,
    String digest,
    long events,
    long simulatedMicros) {

  public RunReport {
    title = Objects.requireNonNullElse(title, "");
    configuration = Objects.requireNonNullElse(configuration, "");
    replayCommand = Objects.requireNonNullElse(replayCommand, "");
    digest = Objects.requireNonNullElse(digest, "");
    processNames = List.copyOf(processNames);
    trace = List.copyOf(trace);
    nodeStates = nodeStates == null ? List.of() : List.copyOf(nodeStates);
    history = history == null ? List.of() : List.copyOf(history);
    if (serverCount < 0 || serverCount > processNames.size()) {
      throw new IllegalArgumentException("serverCount " + serverCount + " outside 0.." + processNames.size());
    }
  }

  /** The process's display name; ids the report does not know get a made-up one rather than an exception. */
  public String nameOf(int process) {
    if (process >= 0 && process < processNames.size()) {
      return processNames.get(process);
    }
    return process < 0 ? "-" : "p" + process;
  }

  public boolean isServer(int process) {
    return process >= 0 && process < serverCount;
  }

  public boolean isClient(int process) {
    return process >= serverCount && process < processNames.size();
  }
}
