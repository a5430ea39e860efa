package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.Quarantine;
import org.jdistcc.protocol.CompileRequest;
import org.jdistcc.verify.Recompile;
import org.jdistcc.verify.Sampling;

/**
 * {@code DISTCC_VERIFY}: for the sampled jobs, the request a volunteer answered is compiled again
 * here before its object is delivered, and the objects compared. A volunteer whose code differs
 * (debug information alone does not count: distccd 3.4 cannot make it identical) is put in
 * {@link Quarantine} with one warning line, and the job delivers the object compiled here, so the
 * build stays correct; with {@code DISTCC_VERIFY_STRICT=1} the job fails instead. Where the local
 * compile itself fails nothing is judged.
 *
 * <p>In this in-process client the check runs before the job returns, so a sampled job costs a
 * local compile at idle priority; it is not meant for every job of every build.
 */
final class Verification {
  private final Settings settings;
  private final Log log;

  Verification(Settings settings, Log log) {
    this.settings = settings;
    this.log = log;
  }

  /** Whether this command is sampled. */
  boolean chosen(List<String> argv) {
    return Sampling.chosen(settings.verifyPerThousand(), argv);
  }

  /**
   * The object to deliver for a remote job: the volunteer's, or the one compiled here when the
   * volunteer's code differs; empty when it differs under DISTCC_VERIFY_STRICT (the error is
   * logged, and the job must fail rather than fall back).
   */
  Optional<byte[]> check(HostSpec host, String input, Path compiler, CompileRequest request, String preprocessedName,
      byte[] remoteObject, Map<String, String> env) throws IOException {
    Recompile recompile =
        new Recompile(compiler, request.argv(), input, request.source(), preprocessedName);
    Recompile.Result result =
        recompile.run(remoteObject, env, settings.tmpDir(), !settings.verifyStrict());
    if (!result.localFailure().isEmpty()) {
      log.info("not verified: compiling " + input + " again here failed (" + result.localFailure() + ")");
      return Optional.of(remoteObject);
    }
    if (!result.mismatch()) {
      log.info("verified " + input + " from " + host + ": " + result.comparison().verdict());
      return Optional.of(remoteObject);
    }
    String where = result.comparison().firstDifference().orElse("?");
    Quarantine quarantine = new Quarantine(settings.distccDir().resolve("lock"));
    quarantine.put(host, "objects differ: " + input + " (" + where + ")");
    String message = "objects differ: " + host + " compiled " + input + " unlike this machine (first in "
        + where + "); " + host + " is in quarantine until 'distcc --check-hosts' passes";
    if (settings.verifyStrict()) {
      log.error(message + "; DISTCC_VERIFY_STRICT is set, so the job fails");
      return Optional.empty();
    }
    log.warning(message + "; using the object compiled here");
    return Optional.of(result.localObject());
  }
}
