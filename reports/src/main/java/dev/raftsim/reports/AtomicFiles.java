package dev.raftsim.reports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one way raftsim writes a file: into a temporary file beside it, then renamed over it. A reader (a browser,
 * CI, a second raftsim) never sees half a file, and a full disk or a kill leaves the previous version or nothing,
 * never a truncated one. Files get mode 0644 like any other tool's output (a temporary file starts at 0600).
 * Failures are {@link IOException}s whose message names the file and the reason in one line.
 */
public final class AtomicFiles {
  /** Writes through a {@link Writer}, for large outputs (traces) produced piece by piece. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer w) throws IOException;
  }

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private AtomicFiles() {}

  public static void write(Path file, String text) throws IOException {
    write(file, w -> w.write(text));
  }

  public static void write(Path file, Content content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
    } catch (IOException e) {
      throw failure(file, e);
    }
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        content.writeTo(w);
      }
      if (POSIX) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw failure(file, e);
    } catch (RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Fails at once, before any work, when {@code dir} cannot take new files (read-only, not a folder, no space
   * for even a probe): the user learns it in one line instead of after a long run.
   */
  public static void requireWritableFolder(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("cannot create folder " + dir + ": " + reason(e), e);
    }
    Path probe;
    try {
      probe = Files.createTempFile(dir.toAbsolutePath(), ".raftsim-probe-", ".tmp");
    } catch (IOException e) {
      throw new IOException("cannot write into " + dir + ": " + reason(e), e);
    }
    Files.deleteIfExists(probe);
  }

  /** The one-line reason of an I/O failure ("No space left on device", "Permission denied", ...). */
  public static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file of that name is in the way";
    }
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
  }

  private static IOException failure(Path file, IOException e) {
    return new IOException("cannot write " + file + ": " + reason(e), e);
  }
}
