package dev.raftsim.scenarios.check;

/** Called every few seconds of a long search, on the thread that called {@link ModelChecker#run}. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = p -> {};

  void onProgress(CheckProgress progress);
}
