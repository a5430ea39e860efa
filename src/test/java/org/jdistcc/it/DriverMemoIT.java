package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdistcc.driver.DriverMemo;
import org.jdistcc.driver.Listing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent's memo of what GCC's driver runs to preprocess, against the real driver: for each
 * command a first job learns its shape, a second job with other names starts {@code cc1} itself,
 * and both give the driver's preprocessed text, dependency file and messages, byte for byte.
 */
class DriverMemoIT {
  @TempDir Path dir;

  /** Counts the driver's listings. */
  private final class Driver implements DriverMemo.Lister {
    int listings;

    @Override
    public Optional<String> listing(List<String> argv) throws IOException {
      listings++;
      Ran ran = run(argv, Map.of("LC_ALL", "C"));
      return ran.status == 0 ? Optional.of(ran.err) : Optional.empty();
    }
  }

  private record Ran(int status, String err) {}

  private Ran run(List<String> argv, Map<String, String> extra) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    pb.environment().putAll(extra);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      return new Ran(p.waitFor(), err);
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }

  /**
   * A compiler, the source's name (its directory, if any, is made; {N} is the job's number), the
   * options before the input, '|' between them ({D} the job's dependency file, {T} its target).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "gcc;one{N}.c;-fdirectives-only",
        "gcc;one{N}.c;-O2|-DX=a \"b\" c\\d|-DY=$HOME|-Iinc|-std=c11",
        "gcc;src/one{N}.c;-I.|-fdirectives-only|-MD|-MF|{D}|-MT|{T}",
        "gcc;one{N}.c;-MMD|-MF|{D}|-MQ|{T}",
        "gcc;one{N}.c;-include|inc/h.h|-imacros|inc/m.h|-iquote|inc",
        "g++;one{N}.cc;-fdirectives-only|-std=c++17|-MD|-MF|{D}|-MT|{T}",
        "gcc;one{N}.src;-x|c|-fdirectives-only",
        "gcc;{ABS}/one{N}.c;-fdirectives-only",
      })
  void aSecondJobRunsTheDriversProgramAndGetsTheSameBytes(
      String compiler, String source, String options) throws IOException {
    Files.createDirectories(dir.resolve("inc"));
    Files.writeString(dir.resolve("inc/h.h"), "#define H 1\nint h(void);\n");
    Files.writeString(dir.resolve("inc/m.h"), "#define M 2\n");
    Files.createDirectories(dir.resolve("out"));
    Path gcc = Tools.require(compiler).toRealPath();
    DriverMemo memo = new DriverMemo();
    Driver driver = new Driver();
    for (int job = 1; job <= 2; job++) {
      String input = source.replace("{N}", "" + job).replace("{ABS}", dir.toString());
      Path file = dir.resolve(input);
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          "#include \"inc/h.h\"\n#warning job "
              + job
              + "\nint f(void) { return H + "
              + job
              + "; }\n");
      String output = dir.resolve("out/t" + job + ".i").toString();
      List<String> argv = new ArrayList<>();
      argv.add(gcc.toString());
      for (String o : options.split("\\|")) {
        argv.add(o.replace("{D}", "dep" + job + ".d").replace("{T}", "obj" + job + ".o"));
      }
      argv.addAll(List.of("-E", input, "-o", output));
      int before = driver.listings;
      Optional<Listing> direct =
          memo.direct(argv, input, output, System.getenv(), dir.toString(), driver);
      assertTrue(direct.isPresent(), "job " + job + " of " + argv);
      assertEquals(job == 1 ? 2 : 0, driver.listings - before, "listings for job " + job);
      assertTrue(
          direct.get().argv().get(0).matches(".*/cc1(plus)?"), direct.get().argv().toString());

      Ran byDriver = run(argv, Map.of());
      byte[] text = Files.readAllBytes(Path.of(output));
      Path dep = dir.resolve("dep" + job + ".d");
      byte[] deps = Files.exists(dep) ? Files.readAllBytes(dep) : new byte[0];
      Files.delete(Path.of(output));
      Files.deleteIfExists(dep);
      Ran byProgram = run(direct.get().argv(), direct.get().environment());
      assertEquals(byDriver, byProgram, "status and messages of job " + job);
      assertTrue(byDriver.err.contains("#warning job " + job), byDriver.err);
      assertArrayEquals(text, Files.readAllBytes(Path.of(output)), "text of job " + job);
      assertArrayEquals(
          deps, Files.exists(dep) ? Files.readAllBytes(dep) : new byte[0], "deps of job " + job);
    }
  }

  @Test
  void aCompilerThatChangedIsAskedAgain() throws IOException {
    // A copy of the driver finds its cc1 relative to itself, through a link to the real one.
    Path real = Tools.require("gcc").toRealPath();
    Process print = new ProcessBuilder(real.toString(), "-print-prog-name=cc1").start();
    Path cc1dir =
        Path.of(new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
            .getParent();
    Path gcc = dir.resolve("bin/gcc");
    Files.createDirectories(gcc.getParent());
    Files.copy(real, gcc);
    Files.writeString(dir.resolve("a.c"), "int a;\n");
    String out = dir + "/a.i";
    List<String> argv = Arrays.asList(gcc.toString(), "-E", "a.c", "-o", out);
    DriverMemo memo = new DriverMemo();
    Driver driver = new Driver();
    assertEquals(
        Optional.empty(),
        memo.direct(argv, "a.c", out, System.getenv(), dir.toString(), driver),
        "a driver that names its program without a path keeps the driver");

    Path lib = dir.resolve("lib/gcc").resolve(cc1dir.getParent().getFileName());
    Files.createDirectories(lib);
    Files.createSymbolicLink(lib.resolve(cc1dir.getFileName()), cc1dir);
    Files.setLastModifiedTime(gcc, FileTime.fromMillis(86_400_000L));
    memo = new DriverMemo();
    driver = new Driver();
    assertTrue(memo.direct(argv, "a.c", out, System.getenv(), dir.toString(), driver).isPresent());
    assertTrue(memo.direct(argv, "a.c", out, System.getenv(), dir.toString(), driver).isPresent());
    assertEquals(2, driver.listings);
    Files.setLastModifiedTime(gcc, FileTime.fromMillis(2 * 86_400_000L));
    assertTrue(memo.direct(argv, "a.c", out, System.getenv(), dir.toString(), driver).isPresent());
    assertEquals(4, driver.listings, "a changed driver is listed again");
    Map<String, String> other = new HashMap<>(System.getenv());
    other.put("CPATH", dir.toString());
    assertTrue(memo.direct(argv, "a.c", out, other, dir.toString(), driver).isPresent());
    assertEquals(6, driver.listings, "another environment is another shape");
  }

  @Test
  void jobsOfAShapeStartedTogetherWaitForTheOneLearningIt() throws Exception {
    Path gcc = Tools.require("gcc").toRealPath();
    DriverMemo memo = new DriverMemo();
    Driver driver = new Driver();
    AtomicInteger listings = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    DriverMemo.Lister held =
        argv -> {
          listings.incrementAndGet();
          try {
            assertTrue(release.await(30, TimeUnit.SECONDS), "released");
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
          synchronized (driver) {
            return driver.listing(argv);
          }
        };
    int jobs = 4;
    List<Optional<Listing>> results =
        new ArrayList<>(Collections.nCopies(jobs, Optional.<Listing>empty()));
    List<Throwable> failures = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int job = 0; job < jobs; job++) {
      String input = "one" + job + ".c";
      Files.writeString(dir.resolve(input), "int f" + job + ";\n");
      String output = dir + "/one" + job + ".i";
      List<String> argv = List.of(gcc.toString(), "-O2", "-E", input, "-o", output);
      int slot = job;
      Thread t =
          new Thread(
              () -> {
                try {
                  Optional<Listing> got =
                      memo.direct(argv, input, output, System.getenv(), dir.toString(), held);
                  synchronized (results) {
                    results.set(slot, got);
                  }
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      t.start();
      threads.add(t);
      // The first job is inside its first listing, every later one waiting for it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (job == 0
          ? listings.get() == 0
          : t.getState() != Thread.State.TIMED_WAITING && t.isAlive()) {
        assertTrue(System.nanoTime() < deadline, "job " + job + " got going");
        Thread.sleep(1);
      }
    }
    release.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertEquals(List.of(), failures);
    assertEquals(2, listings.get(), "one job learnt the shape, the others used what it learnt");
    for (int job = 0; job < jobs; job++) {
      Listing direct = results.get(job).orElseThrow();
      assertTrue(direct.argv().get(0).endsWith("/cc1"), direct.argv().toString());
      assertTrue(direct.argv().contains("one" + job + ".c"), direct.argv().toString());
    }
  }

  @Test
  void aDriverThatWarnsKeepsIt() throws IOException {
    Path gcc = Tools.require("gcc").toRealPath();
    Files.writeString(dir.resolve("a.c"), "int a;\n");
    String out = dir + "/a.i";
    List<String> argv = Arrays.asList(gcc.toString(), "-E", "a.c", "-o", out, "-x", "c");
    Ran byDriver = run(argv, Map.of("LC_ALL", "C"));
    assertTrue(byDriver.err.contains("warning:"), byDriver.err);
    Driver driver = new Driver();
    assertEquals(
        Optional.empty(),
        new DriverMemo().direct(argv, "a.c", out, System.getenv(), dir.toString(), driver),
        "cc1 alone would not say what the driver says");
  }

  @Test
  void clangKeepsItsDriver() throws IOException {
    Path clang = Tools.require("clang").toRealPath();
    Files.writeString(dir.resolve("a.c"), "int a;\n");
    DriverMemo memo = new DriverMemo();
    Driver driver = new Driver();
    List<String> argv = Arrays.asList(clang.toString(), "-E", "a.c", "-o", dir + "/a.i");
    for (int i = 0; i < 2; i++) {
      assertEquals(
          Optional.empty(),
          memo.direct(argv, "a.c", dir + "/a.i", System.getenv(), dir.toString(), driver));
    }
    assertEquals(1, driver.listings, "clang runs itself as cc1: nothing to learn, and once");
  }
}
