package dev.raftsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Running out of memory is raftsim's failure (exit 3, one explaining line), whichever thread it happens on. */
class FatalErrorTest {
  private static String[] runMain(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String[] command = new String[5 + args.length];
    command[0] = java;
    command[1] = "-Xmx24m";
    command[2] = "-cp";
    command[3] = System.getProperty("java.class.path");
    command[4] = Main.class.getName();
    System.arraycopy(args, 0, command, 5, args.length);
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new String[] {Integer.toString(p.exitValue()), err};
  }

  private static void assertOutOfMemoryReported(String[] outcome) {
    assertEquals("3", outcome[0], outcome[1]);
    assertTrue(outcome[1].contains("raftsim: out of memory"), outcome[1]);
    assertFalse(outcome[1].contains("\tat "), "no stack trace for running out of memory:\n" + outcome[1]);
  }

  @Test
  void outOfMemoryOnTheMainThreadExitsWithThree() throws Exception {
    assertOutOfMemoryReported(runMain("check", "--nodes", "3", "--max-term", "3", "--max-log", "2", "--threads", "1"));
  }

  @Test
  void outOfMemoryOnAWorkerThreadExitsWithThree() throws Exception {
    assertOutOfMemoryReported(runMain("check", "--nodes", "3", "--max-term", "3", "--max-log", "2", "--threads", "2"));
  }
}
