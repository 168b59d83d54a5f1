package dev.raftsim.cli;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The raftsim command line. Exit codes everywhere: 0 = ran and found nothing, 1 = a violation was found, 2 = bad
 * input or an unusable environment (an unwritable output, a full disk; one line on stderr, never a stack trace), 3 =
 * raftsim itself failed; 130 and 143 after SIGINT and SIGTERM (a campaign still writes its summary first).
 */
@Command(
    name = "raftsim",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Deterministic simulator and model checker for Raft: find the schedule that breaks safety, then replay it exactly.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int VIOLATION = 1;
  public static final int BAD_INPUT = 2;
  public static final int INTERNAL_ERROR = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // A worker thread that dies (a campaign's, say) must not leave the run going on without it.
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
      reportFatal(e, thread.getName());
      Runtime.getRuntime().halt(INTERNAL_ERROR);
    });
    int code;
    try {
      code = execute(args);
    } catch (OutOfMemoryError | StackOverflowError e) {
      // Errors bypass picocli's exception handler; they are raftsim's failures, not the user's input.
      reportFatal(e, null);
      code = INTERNAL_ERROR;
    }
    System.exit(code);
  }

  private static void reportFatal(Throwable e, String thread) {
    String where = thread == null ? "" : " in thread " + thread;
    if (e instanceof OutOfMemoryError) {
      System.err.println("raftsim: out of memory" + where + " (" + oneLine(e.getMessage()) + "); give the JVM more"
          + " heap, e.g. RAFTSIM_JAVA_OPTS='-XX:+UseParallelGC -Xss4m -Xmx8g' ./raftsim ...");
    } else {
      System.err.println("raftsim: internal error" + where + ": " + e);
      e.printStackTrace();
    }
  }

  public static int execute(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    for (Object sub : Subcommands.all()) {
      cli.addSubcommand(sub);
    }
    cli.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().getErr().println("raftsim: " + oneLine(ex.getMessage()) + " (see 'raftsim --help')");
      return BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof BadInputException) {
        commandLine.getErr().println("raftsim: " + oneLine(ex.getMessage()));
        return BAD_INPUT;
      }
      IOException io = ex instanceof IOException e ? e
          : ex instanceof java.io.UncheckedIOException u ? u.getCause() : null;
      if (io != null) {
        // The environment, not raftsim: a full disk, a folder that became read-only. One line, like bad input.
        commandLine.getErr().println("raftsim: " + oneLine(io.getMessage() == null ? io.toString() : io.getMessage()));
        return BAD_INPUT;
      }
      commandLine.getErr().println("raftsim: internal error: " + ex);
      ex.printStackTrace(commandLine.getErr());
      return INTERNAL_ERROR;
    });
    return cli;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "invalid input";
    }
    return s.replace('\n', ' ').replace('\r', ' ').trim();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the version Maven wrote into the jar; "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"raftsim " + (v == null ? "dev" : v), "Java " + System.getProperty("java.version")};
    }
  }
}
