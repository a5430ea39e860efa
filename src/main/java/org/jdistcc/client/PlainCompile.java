package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.DistccException;
import org.jdistcc.Leftovers;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.args.LocalArgs;
import org.jdistcc.args.Preprocessing;
import org.jdistcc.cpp.ModeChoice;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.protocol.CompileResponse;
import org.jdistcc.state.Phase;
import org.jdistcc.transport.Connection;

/**
 * One job in plain mode (protocols 1 and 2) on a slot already held: preprocess here ({@link
 * LocalPreprocessor}) while connecting, then one request with the text and its answer ({@link
 * RemoteCompile}). Delivering the answer, and what follows each {@link Outcome}, are {@link
 * CompileJob}'s; pump mode's attempt is {@link PumpCompile}.
 */
final class PlainCompile {
  private final JobContext context;
  private final Settings settings;
  private final Log log;
  private final Volunteers volunteers;
  private final Leftovers leftovers;

  PlainCompile(JobContext context, Log log, Volunteers volunteers) {
    this.context = context;
    this.settings = context.settings();
    this.log = log;
    this.volunteers = volunteers;
    this.leftovers = context.leftovers();
  }

  /**
   * Protocols 1 and 2: preprocesses here while connecting, then one request with the text and its
   * answer ({@link RemoteCompile}). The connection and the preprocessor are closed (the temp dir
   * removed) before the answer is delivered.
   */
  Outcome run(OnSlot on) throws IOException {
    long start = System.nanoTime();
    try (LocalPreprocessor cpp =
        LocalPreprocessor.start(
            on.local(),
            on.env(),
            on.job(),
            on.hosts(),
            volunteers.picker(),
            on.tracker(),
            context,
            log)) {
      // Connecting overlaps with preprocessing, as in distcc.
      Link link;
      try {
        on.tracker().phase(Phase.CONNECT);
        link = Link.open(volunteers, on.host(), leftovers);
      } catch (DistccException e) {
        return new Outcome.Failed(e, on.host());
      }
      try (link) {
        CppRun.Result result = cpp.finish(on.tracker());
        if (result instanceof CppRun.Unusable unusable) {
          // Reported by the local compile, which says exactly what a one-step compile says.
          return new Outcome.PreprocessFailed(unusable.why());
        }
        CppRun.Preprocessed text = (CppRun.Preprocessed) result;
        ModeChoice choice = text.choice();
        if (choice.mode() == Preprocessing.CLASSIC) {
          log.info("preprocessing " + on.job().input() + " with plain -E: " + choice.reason());
          on.tracker().preprocessed("classic -E: " + choice.reason());
        }
        long cppDone = System.nanoTime();
        List<String> remote =
            LocalArgs.remote(on.job().argv(), choice.mode(), settings.cwd().toString());
        if (!settings.noRewriteCross()) {
          remote =
              new CrossCompiler(settings.distccDir(), log)
                  .rewrite(remote, Path.of(on.local().get(0)), on.env().get("PATH"), on.env());
        }
        CompileRequest request =
            new CompileRequest(Volunteers.protocolOf(on.host()), remote, text.text());
        log.debug(
            "sending "
                + request.source().length
                + " bytes of "
                + on.job().input()
                + " to "
                + link.connection().describe());
        RemoteCompile.Exchange exchange;
        try {
          exchange =
              RemoteCompile.exchange(link.connection(), request, on.tracker(), on.receiver());
        } catch (DistccException e) {
          return Outcome.exchangeFailed(e, on.host(), on.receiver());
        }
        long end = System.nanoTime();
        CompileResponse response = exchange.response();
        // "compiled on HOST": what a log watcher looks for in distcc 3.4's line too.
        log.info(
            on.job().input()
                + " compiled on "
                + on.host()
                + ": status "
                + response.shellExitCode()
                + ", preprocess "
                + (cppDone - start) / 1_000_000
                + " ms ("
                + choice.mode()
                + "), remote "
                + (end - cppDone) / 1_000_000
                + " ms, "
                + exchange.sent()
                + " bytes sent, "
                + exchange.received()
                + " received");
        return new Outcome.Answered(
            new Delivery.Answer(
                on.host(),
                request,
                response,
                text.stderr(),
                cpp.source().getFileName().toString()));
      }
    }
  }

  /**
   * A job's connection to its volunteer, aborted if the job is cancelled while it is open (so that
   * an exchange blocked on it ends), and closed on {@link #close}.
   */
  private record Link(Connection connection, Leftovers leftovers, Abort abort)
      implements AutoCloseable {
    static Link open(Volunteers volunteers, HostSpec host, Leftovers leftovers)
        throws DistccException {
      Connection connection = volunteers.connect(host);
      Abort abort = new Abort(connection);
      leftovers.add(abort);
      return new Link(connection, leftovers, abort);
    }

    @Override
    public void close() throws IOException {
      leftovers.remove(abort);
      connection.close();
    }
  }

  /** Aborts a job's connection when the job is cancelled. */
  private record Abort(Connection connection) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      connection.abort();
    }
  }
}
