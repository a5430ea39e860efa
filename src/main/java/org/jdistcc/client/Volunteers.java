package org.jdistcc.client;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jdistcc.DistccException;
import org.jdistcc.Log;
import org.jdistcc.Settings;
import org.jdistcc.hosts.Backoff;
import org.jdistcc.hosts.HostList;
import org.jdistcc.hosts.HostSpec;
import org.jdistcc.hosts.HostSpecParser;
import org.jdistcc.hosts.HostsSource;
import org.jdistcc.hosts.Quarantine;
import org.jdistcc.hosts.SlotLocks;
import org.jdistcc.hosts.SlotPicker;
import org.jdistcc.protocol.ProtocolVersion;
import org.jdistcc.transport.Connection;
import org.jdistcc.transport.PipeConnection;
import org.jdistcc.transport.SshPool;
import org.jdistcc.transport.SshjConnection;
import org.jdistcc.transport.TcpConnection;

/**
 * The client's view of its volunteers: which hosts there are, where slots on them come from ({@link
 * SlotPicker}), a connection to one, and backing it off after a failure. Parsing and locking live
 * in the hosts package, bytes on the wire in transport.
 */
final class Volunteers {
  /** distcc 3.4 gives up connecting after 4 seconds; so do we. */
  static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(4);

  static final Path SYSTEM_HOSTS = Path.of("/etc/distcc/hosts");

  private final Settings settings;
  private final Log log;
  private final Backoff backoff;
  private final Quarantine quarantine;
  private final SlotPicker picker;
  private HostList hosts;
  private Optional<SshPool> sshPool = Optional.empty();

  private Volunteers(
      Settings settings, Log log, Backoff backoff, Quarantine quarantine, SlotPicker picker) {
    this.settings = settings;
    this.log = log;
    this.backoff = backoff;
    this.quarantine = quarantine;
    this.picker = picker;
  }

  static Volunteers create(Settings settings, Log log, Clock clock, SlotLocks slotLocks) {
    return create(settings, log, clock, slotLocks, true);
  }

  /**
   * The volunteers of a job in a process that runs many ({@code warm} present: the agent):
   * {@code @host} jobs in a session on a kept connection.
   *
   * @param slotLocks the process's table of lock files, shared by all its jobs
   */
  static Volunteers create(
      Settings settings,
      Log log,
      Clock clock,
      SlotLocks slotLocks,
      Optional<JobContext.Warm> warm) {
    Volunteers volunteers = create(settings, log, clock, slotLocks, true);
    volunteers.sshPool = warm.map(JobContext.Warm::ssh);
    return volunteers;
  }

  /**
   * @param slotLocks the process's table of lock files, shared by all its jobs
   * @param skipQuarantined false only for {@code --check-hosts}, which must reach hosts in
   *     quarantine to let them out
   */
  static Volunteers create(
      Settings settings, Log log, Clock clock, SlotLocks slotLocks, boolean skipQuarantined) {
    Path lockDir = settings.distccDir().resolve("lock");
    Backoff backoff = new Backoff(lockDir, settings.backoffPeriod(), clock);
    Quarantine quarantine = new Quarantine(lockDir);
    SlotPicker picker =
        new SlotPicker(
            lockDir,
            slotLocks,
            backoff,
            skipQuarantined ? Optional.of(quarantine) : Optional.empty(),
            settings.pause(),
            new Random());
    return new Volunteers(settings, log, backoff, quarantine, picker);
  }

  /** The host list, read once from DISTCC_HOSTS, $DISTCC_DIR/hosts or the system file. */
  HostList hosts() throws DistccException {
    if (hosts == null) {
      if (settings.hosts().isPresent() && settings.hosts().get().isBlank()) {
        // Set but empty is not unset: distcc 3.4 says so and compiles locally.
        throw new DistccException(
            org.jdistcc.ExitCode.NO_HOSTS,
            "$DISTCC_HOSTS contained no hosts; can't distribute work");
      }
      String text =
          HostsSource.resolve(settings.hosts().orElse(null), settings.distccDir(), SYSTEM_HOSTS);
      hosts = HostSpecParser.parse(text);
    }
    return hosts;
  }

  /** Where a job's slots come from: on a volunteer, for a local compile, for the preprocessor. */
  SlotPicker picker() {
    return picker;
  }

  /** Which hosts failed within the backoff period. */
  Backoff backoff() {
    return backoff;
  }

  /** Which hosts are in quarantine after their objects differed. */
  Quarantine quarantine() {
    return quarantine;
  }

  Connection connect(HostSpec host) throws DistccException {
    if (host instanceof HostSpec.Tcp tcp) {
      return TcpConnection.open(tcp.host(), tcp.port(), CONNECT_TIMEOUT, settings.ioTimeout());
    }
    if (host instanceof HostSpec.Ssh ssh) {
      String remote = ssh.command().orElse("distccd");
      // What distcc 3.4 runs: its daemon needs the flag to skip its whitelist over ssh.
      List<String> daemonArgs = List.of("--inetd", "--enable-tcp-insecure");
      if (settings.ssh().isEmpty()) {
        log.debug(
            "ssh (in process) to "
                + ssh.host()
                + ": "
                + remote
                + " "
                + String.join(" ", daemonArgs));
        SshjConnection.Setup setup =
            new SshjConnection.Setup(
                settings.sshDir(), settings.user(), CONNECT_TIMEOUT, settings.ioTimeout());
        String command = remote + " " + String.join(" ", daemonArgs);
        return sshPool.isPresent()
            ? sshPool.get().open(ssh.host(), ssh.user(), command, setup)
            : SshjConnection.open(ssh.host(), ssh.user(), command, setup);
      }
      List<String> command = new ArrayList<>();
      command.addAll(sshCommand(settings.ssh().get()));
      if (ssh.user().isPresent()) {
        command.add("-l");
        command.add(ssh.user().get());
      }
      command.add(ssh.host());
      command.add(remote);
      command.addAll(daemonArgs);
      log.debug("running " + String.join(" ", command));
      return PipeConnection.start(
          command, settings.environment(), host.toString(), settings.ioTimeout());
    }
    if (host instanceof HostSpec.Pipe pipe) {
      List<String> command = List.of(pipe.command(), "--inetd");
      log.debug("running " + String.join(" ", command));
      return PipeConnection.start(
          command, settings.environment(), host.toString(), settings.ioTimeout());
    }
    throw new IllegalArgumentException("not a remote host: " + host);
  }

  /**
   * DISTCC_SSH as a command: split on spaces, as distcc 3.4 does ({@code "ssh -F config"}, {@code
   * "ssh -p 2222"}); there is no quoting, so a program or argument cannot contain a space.
   */
  static List<String> sshCommand(String value) {
    List<String> words = new ArrayList<>();
    for (String word : value.split(" ")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  /** Marks a host as failed so that this and other clients avoid it for the backoff period. */
  void backOff(HostSpec host) {
    try {
      backoff.markFailed(host);
    } catch (DistccException e) {
      log.warning("cannot record backoff for " + host + ": " + e.getMessage());
    }
  }

  /**
   * The protocol of a job preprocessed here. A ",cpp" host gets protocol 2 for those (outside a
   * pump session, or when {@link PumpDecision} says plain), as distcc 3.4 does when its include
   * server is unavailable; its pump jobs are {@link PumpCompile}'s.
   */
  static ProtocolVersion protocolOf(HostSpec host) {
    ProtocolVersion protocol =
        host instanceof HostSpec.Tcp t
            ? t.protocol()
            : host instanceof HostSpec.Ssh s
                ? s.protocol()
                : host instanceof HostSpec.Pipe p ? p.protocol() : ProtocolVersion.PLAIN;
    return protocol.serverPreprocesses() ? ProtocolVersion.LZO : protocol;
  }
}
