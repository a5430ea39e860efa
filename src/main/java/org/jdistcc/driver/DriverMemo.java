package org.jdistcc.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The programs GCC drivers run for the shapes of preprocessing command seen so far: for a job whose
 * shape was learnt, the command line and variables of its {@code cc1}, so the job starts that
 * program itself. Learning a shape costs two {@code -###} listings, one with the job's names and
 * one with names made of a random marker; the template read from the second must give the first,
 * word for word, or the shape keeps the driver. An entry holds while the driver and the program
 * keep their device, inode, size, modification and change times. Keys include the whole environment
 * and the working directory. Thread-safe: jobs of the agent share one. While a job learns a shape,
 * other jobs of that shape wait for it (a cold {@code make -j4} starts four alike at once): waiting
 * costs them no CPU, learning it again two listings each.
 */
public final class DriverMemo {
  /** Runs the driver with the arguments given, returning what it wrote on stderr if it exited 0. */
  public interface Lister {
    Optional<String> listing(List<String> argv) throws IOException;
  }

  /** Programs a GCC driver runs to preprocess. */
  private static final Set<String> PREPROCESSORS = Set.of("cc1", "cc1plus", "cc1obj", "cc1objplus");

  private static final int LIMIT = 512;

  private record Learnt(Optional<Template> template, Object driver, Object program) {}

  /** How long a job waits for another to learn its shape before running the driver instead. */
  private static final long WAIT_SECONDS = 10;

  private final Map<String, Learnt> learnt = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> learning = new ConcurrentHashMap<>();
  private final java.util.Random random = new java.util.Random();

  /**
   * What to run instead of {@code argv}, a driver's preprocessing command: its program with the
   * variables to add to {@code env}; empty to run the driver.
   *
   * @param input the source named in {@code argv}
   * @param output the file after {@code -o}
   * @param env the environment the command runs with
   * @param cwd where it runs
   * @param lister runs the driver for a listing
   */
  public Optional<Listing> direct(
      List<String> argv,
      String input,
      String output,
      Map<String, String> env,
      String cwd,
      Lister lister)
      throws IOException {
    if (env.containsKey("GCC_COMPARE_DEBUG")) {
      return Optional.empty();
    }
    Optional<Shape> found = Shape.of(argv, input, output);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Shape shape = found.get();
    String key = shape.key() + "\0" + cwd + "\0" + new TreeMap<>(env);
    for (int look = 0; look < 2; look++) {
      Learnt entry = learnt.get(key);
      if (entry == null) {
        entry = learntByAnother(key);
      }
      if (entry != null) {
        if (entry.template().isEmpty()) {
          return Optional.empty();
        }
        Listing filled = entry.template().get().fill(shape.values());
        if (entry.driver().equals(identity(argv.get(0)))
            && entry.program().equals(identity(filled.argv().get(0)))) {
          return Optional.of(filled);
        }
        learnt.remove(key, entry); // the compiler changed: learn again
      }
      CountDownLatch mine = new CountDownLatch(1);
      if (learning.putIfAbsent(key, mine) == null) {
        try {
          return learn(key, shape, argv, lister);
        } finally {
          learning.remove(key, mine);
          mine.countDown();
        }
      }
      // Another job began learning it since the look: the second look waits for that job.
    }
    return Optional.empty();
  }

  /**
   * What another job learning this shape learns, once it has; what is known if no job is learning
   * it (one may just have finished); null if nothing is, or the other job did not finish in time.
   */
  private Learnt learntByAnother(String key) {
    CountDownLatch other = learning.get(key);
    if (other == null) {
      return learnt.get(key);
    }
    try {
      if (!other.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return learnt.get(key);
  }

  private Optional<Listing> learn(String key, Shape shape, List<String> argv, Lister lister)
      throws IOException {
    Object driver = identity(argv.get(0));
    Optional<Listing> own = listing(lister, argv);
    Optional<Template> template = Optional.empty();
    if (own.isPresent() && usable(own.get())) {
      String marker = "jd" + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
      List<String> strangers = shape.strangers(marker);
      Optional<Listing> other = listing(lister, shape.with(strangers));
      if (other.isPresent()) {
        template = Template.learn(other.get(), strangers, marker);
        if (template.isPresent() && !template.get().fill(shape.values()).equals(own.get())) {
          template = Optional.empty();
        }
      }
    }
    if (learnt.size() >= LIMIT) {
      learnt.clear();
    }
    Object program = template.isPresent() ? identity(own.get().argv().get(0)) : "";
    learnt.put(key, new Learnt(template, driver, program));
    return template.isPresent() ? own : Optional.empty();
  }

  /** How many shapes are known, for the agent's status. */
  public int size() {
    return learnt.size();
  }

  private static Optional<Listing> listing(Lister lister, List<String> argv) throws IOException {
    List<String> asked = new ArrayList<>(argv.size() + 1);
    asked.add(argv.get(0));
    asked.add("-###");
    asked.addAll(argv.subList(1, argv.size()));
    Optional<String> text = lister.listing(asked);
    return text.isPresent() ? Listing.parse(text.get()) : Optional.empty();
  }

  /** One of GCC's preprocessors, by an absolute path, asked to preprocess. */
  private static boolean usable(Listing listing) {
    String program = listing.argv().get(0);
    return program.startsWith("/")
        && PREPROCESSORS.contains(program.substring(program.lastIndexOf('/') + 1))
        && listing.argv().contains("-E");
  }

  /** What identifies a file's version; a fresh object (never equal) when it cannot be read. */
  private static Object identity(String path) {
    try {
      return Files.readAttributes(Path.of(path), "unix:dev,ino,size,lastModifiedTime,ctime");
    } catch (IOException | RuntimeException e) {
      return new Object();
    }
  }
}
