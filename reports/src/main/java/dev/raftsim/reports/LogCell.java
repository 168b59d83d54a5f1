package dev.raftsim.reports;

/** One log entry: its 1-based index, the term it was created in, and the command in human form. */
public record LogCell(int index, long term, String command) {}
