package dev.raftsim.reports;

/**
 * One client operation as the client saw it.
 *
 * @param clientProcess the client's process id (index into {@link RunReport#processNames()})
 * @param op operation name, e.g. "put", "get", "cas"
 * @param output the result, null if it never completed
 * @param completeMicros -1 if it never completed
 * @param offending part of the evidence against linearizability (or otherwise singled out by a checker)
 */
public record ClientOp(
    int clientProcess,
    String op,
    String key,
    String input,
    String output,
    long invokeMicros,
    long completeMicros,
    boolean offending) {

  public boolean completed() {
    return completeMicros >= 0;
  }
}
