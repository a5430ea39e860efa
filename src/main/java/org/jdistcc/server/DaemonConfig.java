package org.jdistcc.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdistcc.protocol.WireLimits;

/**
 * Everything a job handler needs to know, decided once in main from options and environment.
 *
 * @param compilers which compilers may run and where they are
 * @param allowedOptions arguments let through although the argument rules would refuse them
 * @param tempRoot where private job directories are made
 * @param jobLifetime longest compile, or zero for no limit
 * @param nice niceness added to the compiler, if any
 * @param environment the compiler's environment
 * @param limits bounds on what a client may send
 */
record DaemonConfig(
    CompilerPolicy compilers,
    Set<String> allowedOptions,
    Path tempRoot,
    Duration jobLifetime,
    Optional<Integer> nice,
    Map<String, String> environment,
    WireLimits limits) {
  DaemonConfig {
    allowedOptions = Set.copyOf(allowedOptions);
    environment = Map.copyOf(environment);
  }
}
