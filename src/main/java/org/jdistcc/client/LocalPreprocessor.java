package org.jdistcc.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdistcc.FileBytes;
import org.jdistcc.Log;
import org.jdistcc.TempDir;
import org.jdistcc.args.Preprocessing;
import org.jdistcc.args.ScanResult;
import org.jdistcc.args.Sources;
import org.jdistcc.cpp.ModeChoice;
import org.jdistcc.cpp.ModeRules;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.Slot;
import org.jdistcc.hosts.SlotPicker;
import org.jdistcc.state.Phase;

/**
 * One job's preprocessing on this machine for protocols 1 and 2: its private temp dir, the local
 * cpp slot ({@code --localslots_cpp}) while the preprocessor runs, and the {@link CppRun} itself,
 * started at once so that connecting to the volunteer overlaps it. An input that is already
 * preprocessed ({@code .i}, {@code .ii}) is sent as it is, with no slot and no process. Closing it
 * stops a preprocessor still running, gives the slot back and removes the temp dir (kept under
 * DISTCC_SAVE_TEMPS), whatever happened. Which mode is used is {@link ModeRules}' decision.
 */
final class LocalPreprocessor implements AutoCloseable {
  private final TempDir temp;
  private final JobContext context;
  private final Path source;
  private final boolean preprocessed;
  private final ModeChoice choice;
  private Slot cppSlot;
  private CppRun cpp;
  private boolean finished;

  private LocalPreprocessor(
      TempDir temp, JobContext context, Path source, boolean preprocessed, ModeChoice choice) {
    this.temp = temp;
    this.context = context;
    this.source = source;
    this.preprocessed = preprocessed;
    this.choice = choice;
  }

  /**
   * Creates the job's temp dir, takes a local cpp slot and starts the preprocessor.
   *
   * @param local the user's command with the compiler's executable first
   * @param env the environment the preprocessor runs with
   * @param picker where the local cpp slot comes from, {@code hosts} its limit
   */
  static LocalPreprocessor start(
      List<String> local,
      Map<String, String> env,
      ScanResult.Distribute job,
      HostList hosts,
      SlotPicker picker,
      JobTracker tracker,
      JobContext context,
      Log log)
      throws IOException {
    TempDir temp = TempDir.create(context.settings().tmpDir(), "distcc-");
    if (context.settings().saveTemps()) {
      temp.keep();
      log.info("keeping temporary files in " + temp.path());
    } else {
      context.leftovers().add(temp.path());
    }
    boolean preprocessed = Sources.isPreprocessed(job.input());
    String suffix = Sources.preprocessedExtension(job.argv(), job.input());
    Path source =
        preprocessed
            ? context.settings().resolve(job.input())
            : temp.resolve(Sources.impliedOutput(job.input(), suffix).orElse("input" + suffix));
    ModeChoice choice =
        preprocessed
            ? new ModeChoice(Preprocessing.CLASSIC, "the input is preprocessed")
            : ModeRules.choose(job.argv(), context.settings().classicCpp());
    LocalPreprocessor run = new LocalPreprocessor(temp, context, source, preprocessed, choice);
    try {
      if (!preprocessed) {
        run.cppSlot = picker.pickLocalCpp(hosts);
        tracker.phase(Phase.PREPROCESS);
        run.cpp =
            CppRun.start(
                local,
                job,
                source,
                env,
                log,
                choice,
                context.settings().distccDir().resolve("cpp-scan"),
                context);
      }
      return run;
    } catch (IOException | RuntimeException e) {
      run.close();
      throw e;
    }
  }

  /** The preprocessed file: its name is what the volunteer's compiler is told it compiles. */
  Path source() {
    return source;
  }

  /**
   * Waits for the preprocessor (preprocessing again in classic mode when directives-only is not
   * safe) and gives the cpp slot back. An already preprocessed input is read as it is.
   */
  CppRun.Result finish(JobTracker tracker) throws IOException {
    try {
      if (preprocessed) {
        return new CppRun.Preprocessed(choice, FileBytes.read(source), new byte[0]);
      }
      tracker.phase(Phase.PREPROCESS);
      CppRun.Result result = cpp.finish();
      finished = true;
      return result;
    } finally {
      releaseSlot();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (cpp != null && !finished) {
        cpp.cancel();
      }
    } finally {
      releaseSlot();
      try {
        temp.close();
      } finally {
        context.leftovers().remove(temp.path());
      }
    }
  }

  private void releaseSlot() {
    if (cppSlot != null) {
      cppSlot.close();
      cppSlot = null;
    }
  }
}
