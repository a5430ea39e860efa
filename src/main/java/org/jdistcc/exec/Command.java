package org.jdistcc.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A process to run: arguments, working directory, environment, where its streams go and how long it
 * may take. Standard input is always empty (compilers here read files, never stdin).
 *
 * @param argv program and arguments; the program is an absolute path or is looked up on PATH
 * @param directory working directory
 * @param environment the complete environment of the child
 * @param stdout file that receives standard output, or empty to discard it
 * @param stderr file that receives standard error, or empty to discard it
 * @param timeout longest run time, or empty for none
 */
public record Command(
    List<String> argv,
    Path directory,
    Map<String, String> environment,
    Optional<Path> stdout,
    Optional<Path> stderr,
    Optional<Duration> timeout) {
  public Command {
    argv = List.copyOf(argv);
    environment = Map.copyOf(environment);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs a program");
    }
  }
}
