package org.jdistcc.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jdistcc.args.ArgScanner;

/**
 * How distcc was called, decided from argv[0] and the arguments alone. One of: a compile command
 * (prefix form {@code distcc gcc ...}, implicit {@code distcc -c x.c} meaning {@code cc}, or
 * masquerade, where the launcher runs as {@code gcc} through a link), or one of distcc's own
 * options. Where the compiler lives is decided later, by {@link CompilerLocator}.
 */
sealed interface Invocation {
  /**
   * A compile command.
   *
   * @param argv compiler name (as given) and its arguments
   * @param masqueradeDir the directory of the masquerade link when called as a compiler: it and the
   *     entries of PATH before it are skipped when looking for the real compiler
   */
  record Compile(List<String> argv, Optional<Path> masqueradeDir) implements Invocation {
    public Compile {
      argv = List.copyOf(argv);
    }
  }

  /**
   * {@code distcc --version}, {@code --help}, {@code --show-hosts}, {@code -j} or {@code
   * --agent-status}.
   */
  record Option(String name) implements Invocation {}

  /** {@code distcc --check-hosts [COMPILER…]}: see {@link HostCheck}. */
  record CheckHosts(List<String> compilers) implements Invocation {
    public CheckHosts {
      compilers = List.copyOf(compilers);
    }
  }

  /** {@code distcc} with nothing to do, or an option it does not know. */
  record Usage(String problem) implements Invocation {}

  List<String> OPTIONS = List.of("--version", "--help", "--show-hosts", "-j", "--agent-status");

  /**
   * Parses an invocation. {@code argv0} is the name the launcher was started under: "distcc" for
   * the prefix and implicit forms, a compiler name through a masquerade link; a relative one is
   * relative to {@code cwd}.
   */
  static Invocation parse(String argv0, List<String> args, Path cwd) {
    Path self = Path.of(argv0);
    String name = self.getFileName() == null ? argv0 : self.getFileName().toString();
    if (!name.equals("distcc") && !name.startsWith("distcc.") && !name.equals("distcc-java")) {
      Path dir = cwd.resolve(self).getParent();
      return new Compile(prepend(name, args), Optional.ofNullable(dir));
    }
    if (args.isEmpty()) {
      return new Usage("no compiler command given");
    }
    String first = args.get(0);
    if (first.equals("--check-hosts")) {
      return new CheckHosts(args.subList(1, args.size()));
    }
    if (OPTIONS.contains(first)) {
      return new Option(first);
    }
    if (ArgScanner.isImplicitCompiler(args)) {
      return new Compile(prepend("cc", args), Optional.empty());
    }
    if (first.startsWith("--")) {
      return new Usage("unknown option " + first);
    }
    return new Compile(args, Optional.empty());
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new java.util.ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
