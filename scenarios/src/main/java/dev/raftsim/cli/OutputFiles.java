package dev.raftsim.cli;

import dev.raftsim.reports.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks of output locations made before any work starts, so that an unwritable {@code --out} or {@code --report}
 * costs the user one line at once instead of a lost shrink or campaign. The writes themselves go through {@link
 * AtomicFiles}.
 */
final class OutputFiles {
  private OutputFiles() {}

  /** A folder raftsim will write into: created if missing, and probed with a temporary file. */
  static void requireWritableFolder(Path dir, String option) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new BadInputException(option + " " + dir + " is a file, not a folder");
    }
    try {
      AtomicFiles.requireWritableFolder(dir);
    } catch (IOException e) {
      throw new BadInputException(option + ": " + e.getMessage());
    }
  }

  /** A file raftsim will write (replacing it): its folder must take new files, and it must not be a folder. */
  static void requireWritableFile(Path file, String option) {
    if (Files.isDirectory(file)) {
      throw new BadInputException(option + " " + file + " is a folder, not a file");
    }
    // Files are written to a temporary name and renamed into place, which would replace a device, pipe or socket
    // (running as root, --out /dev/null once replaced /dev/null with a regular file).
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new BadInputException(option + " " + file + " is not a regular file (a device, pipe or socket):"
          + " raftsim writes a new file and renames it into place, so give the path of a file");
    }
    Path parent = file.toAbsolutePath().getParent();
    try {
      AtomicFiles.requireWritableFolder(parent);
    } catch (IOException e) {
      throw new BadInputException(option + " " + file + ": " + e.getMessage());
    }
  }

  /**
   * A campaign's own folder must be new or empty: files of an earlier campaign beside a new summary would tell two
   * stories (stale failure-N.json files next to a summary with no failures). raftsim never deletes a user's files,
   * so it refuses; a CI shard writes to a fresh folder anyway.
   */
  static void requireEmptyFolder(Path dir, String option) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      long n = entries.count();
      if (n > 0) {
        throw new BadInputException(option + " " + dir + " is not empty (" + n + (n == 1 ? " entry" : " entries")
            + "); give a new folder or remove this one, so that its files are all from one campaign");
      }
    } catch (IOException e) {
      throw new BadInputException(option + " " + dir + ": cannot list it: " + AtomicFiles.reason(e));
    }
  }
}
