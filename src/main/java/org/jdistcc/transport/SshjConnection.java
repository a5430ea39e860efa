package org.jdistcc.transport;

import com.hierynomus.sshj.key.KeyAlgorithms;
import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.kex.DHGroups;
import com.hierynomus.sshj.transport.mac.Macs;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import net.schmizz.sshj.transport.kex.ECDHNistP;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.jdistcc.DistccException;
import org.jdistcc.ExitCode;

/**
 * A volunteer's {@code distccd --inetd} run over SSH with sshj, in this process: no ssh program,
 * and the user's OpenSSH setup as far as it goes here: {@code ~/.ssh/known_hosts} (an unknown or
 * changed host key is refused, never trusted), the default keys and {@code IdentityFile}s of {@code
 * ~/.ssh/config} with its {@code HostName}, {@code User} and {@code Port}. No ssh-agent;
 * DISTCC_SSH=ssh runs the real ssh for agents, ProxyJump and ControlMaster. The only sshj user.
 *
 * <p>Algorithms are fixed to modern ones: curve25519 and NIST ECDH or group14/16 with SHA-2 for key
 * exchange; AES-GCM and AES-CTR (sshj's ChaCha20-Poly1305 needs BouncyCastle); SHA-2 MACs; Ed25519,
 * ECDSA and RSA with SHA-2 signatures. No SHA-1, no CBC, no group1.
 *
 * <p>BouncyCastle is on the class path because sshj's key type checks refer to one of its classes,
 * but it is registered as a security provider (which loads most of it, about 175 ms per client)
 * only when a key file is in the old PEM format, the one case where sshj needs it. Keys in
 * OpenSSH's own format (ssh-keygen's default since 2018) do not.
 */
public final class SshjConnection extends StreamConnection {
  private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  private final SSHClient client;
  private final Session session;
  private final Session.Command command;
  private final StderrTail stderr;
  private final Runnable release; // null: the connection is this job's own, closed with it
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private SshjConnection(
      SSHClient client, Session session, Session.Command command, String name, Runnable release) {
    super(command.getInputStream(), command.getOutputStream(), "ssh " + name);
    this.client = client;
    this.session = session;
    this.command = command;
    this.stderr = new StderrTail(command.getErrorStream(), "ssh-stderr");
    this.release = release;
  }

  /**
   * Where the user's SSH files are.
   *
   * @param sshDir usually {@code ~/.ssh}
   * @param localUser the user name when neither the host entry nor the config names one
   */
  public record Setup(Path sshDir, String localUser, Duration connectTimeout, Duration ioTimeout) {}

  /** Where a host entry leads once ~/.ssh/config is applied, and the keys to offer there. */
  record Target(String host, String login, int port, String name, List<Path> keyFiles) {
    /** What two jobs must share to share a connection: the same login on the same server. */
    String key(Setup setup) {
      return name + " " + setup.sshDir() + " " + keyFiles;
    }
  }

  /** Resolves {@code host} (with the host list's {@code user}, if any) through ~/.ssh/config. */
  static Target target(String host, Optional<String> user, Setup setup) throws DistccException {
    SshConfig.HostConfig config;
    try {
      config = SshConfig.read(setup.sshDir().resolve("config")).lookup(host);
    } catch (IOException e) {
      throw failed(
          host, "cannot read " + setup.sshDir().resolve("config") + ": " + e.getMessage(), e);
    }
    String target = config.hostName().orElse(host);
    int port = config.port().orElse(22);
    String login = user.or(config::user).orElse(setup.localUser());
    String name = login + "@" + target + (port == 22 ? "" : ":" + port);
    return new Target(target, login, port, name, keyFiles(setup.sshDir(), config));
  }

  /**
   * Connects, authenticates and starts {@code remoteCommand} on the host, on a connection of its
   * own that closing this one closes. {@link SshPool} shares connections between jobs instead.
   *
   * @param host the host as in the host list; ~/.ssh/config may map it to another name and port
   * @param user the user from the host list, if any
   */
  public static SshjConnection open(
      String host, Optional<String> user, String remoteCommand, Setup setup)
      throws DistccException {
    Target target = target(host, user, setup);
    SSHClient client = connect(target, setup);
    try {
      return start(client, target.name(), remoteCommand, null);
    } catch (IOException e) {
      closeQuietly(client);
      throw failed(target.name(), e.getMessage(), e);
    }
  }

  /** A connected and authenticated client; the caller closes it. */
  static SSHClient connect(Target target, Setup setup) throws DistccException {
    String name = target.name();
    SecurityUtils.setRegisterBouncyCastle(
        target.keyFiles().stream().anyMatch(SshjConnection::isPemKey));
    SSHClient client = new SSHClient(modernAlgorithms());
    try {
      client.setConnectTimeout((int) setup.connectTimeout().toMillis());
      client.setTimeout((int) Math.min(Integer.MAX_VALUE, setup.ioTimeout().toMillis()));
      KnownHosts knownHosts = new KnownHosts(setup.sshDir().resolve("known_hosts"));
      client.addHostKeyVerifier(knownHosts);
      try {
        client.connect(target.host(), target.port());
      } catch (IOException e) {
        if (knownHosts.problem != null) {
          throw failed(name, knownHosts.problem, e);
        }
        throw e;
      }
      authenticate(client, target.login(), name, target.keyFiles());
      return client;
    } catch (DistccException e) {
      closeQuietly(client);
      throw e;
    } catch (SocketTimeoutException e) {
      closeQuietly(client);
      throw new DistccException(ExitCode.TIMEOUT, "ssh to " + name + " timed out", e);
    } catch (IOException e) {
      closeQuietly(client);
      throw failed(name, e.getMessage(), e);
    }
  }

  /**
   * Opens a session on {@code client} and runs {@code remoteCommand} in it.
   *
   * @param release run when the job's connection closes, for a shared client; null to close the
   *     client with it
   */
  static SshjConnection start(SSHClient client, String name, String remoteCommand, Runnable release)
      throws IOException {
    Session session = client.startSession();
    try {
      Session.Command command = session.exec(remoteCommand);
      return new SshjConnection(client, session, command, name, release);
    } catch (IOException | RuntimeException e) {
      try {
        session.close();
      } catch (IOException | RuntimeException ignored) {
        // the channel is gone with its connection
      }
      throw e;
    }
  }

  private static List<Path> keyFiles(Path sshDir, SshConfig.HostConfig config) {
    List<Path> files = new ArrayList<>();
    for (String file : config.identityFiles()) {
      files.add(
          file.startsWith("~/") ? sshDir.getParent().resolve(file.substring(2)) : Path.of(file));
    }
    for (String file : DEFAULT_KEYS) {
      files.add(sshDir.resolve(file));
    }
    return files;
  }

  /**
   * A private key in the PEM format of old OpenSSH and OpenSSL, which sshj reads with BouncyCastle.
   */
  private static boolean isPemKey(Path file) {
    if (!Files.isReadable(file)) {
      return false;
    }
    try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      String first = in.readLine();
      return first != null && first.contains("PRIVATE KEY-----") && !first.contains("OPENSSH");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void authenticate(SSHClient client, String login, String name, List<Path> files)
      throws IOException {
    List<KeyProvider> keys = new ArrayList<>();
    List<String> unusable = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        continue;
      }
      try {
        KeyProvider key = client.loadKeys(file.toString());
        key.getPublic(); // fails here for encrypted keys and formats that need BouncyCastle
        keys.add(key);
      } catch (IOException | RuntimeException | LinkageError e) {
        unusable.add(file.getFileName() + " (" + why(e) + ")");
      }
    }
    String tried = unusable.isEmpty() ? "" : "; unusable: " + String.join(", ", unusable);
    if (keys.isEmpty()) {
      throw failed(
          name,
          "no usable private key in "
              + files.stream().map(Path::toString).toList()
              + tried
              + " (keys with a passphrase need DISTCC_SSH=ssh and an agent)",
          null);
    }
    try {
      client.authPublickey(login, keys);
    } catch (UserAuthException e) {
      throw failed(
          name,
          "authentication refused for " + login + " with " + keys.size() + " key(s)" + tried,
          e);
    }
  }

  private static String why(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 80 ? message.substring(0, 80) + "…" : message;
  }

  private static DefaultConfig modernAlgorithms() {
    return new ModernConfig();
  }

  /**
   * sshj's defaults with only the algorithms we offer. Overriding the init methods, rather than
   * replacing the lists afterwards, spares every start building the legacy Diffie-Hellman groups
   * and probing each cipher with the JCE (a fifth of an @host client's main-thread CPU).
   */
  private static final class ModernConfig extends DefaultConfig {
    @Override
    protected void initKeyExchangeFactories() {
      // Lists, not varargs: a generic varargs call creates a generic array (an unchecked warning).
      setKeyExchangeFactories(
          List.of(
              new Curve25519SHA256.Factory(),
              new Curve25519SHA256.FactoryLibSsh(),
              new ECDHNistP.Factory256(),
              new ECDHNistP.Factory384(),
              new ECDHNistP.Factory521(),
              DHGroups.Group16SHA512(),
              DHGroups.Group14SHA256()));
    }

    @Override
    protected void initCipherFactories() {
      setCipherFactories(
          List.of(
              GcmCiphers.AES256GCM(),
              GcmCiphers.AES128GCM(),
              BlockCiphers.AES256CTR(),
              BlockCiphers.AES192CTR(),
              BlockCiphers.AES128CTR()));
    }

    @Override
    protected void initMACFactories() {
      setMACFactories(
          List.of(
              Macs.HMACSHA2256Etm(),
              Macs.HMACSHA2512Etm(),
              Macs.HMACSHA2256(),
              Macs.HMACSHA2512()));
    }

    @Override
    protected void initKeyAlgorithms() {
      setKeyAlgorithms(
          List.of(
              KeyAlgorithms.EdDSA25519(),
              KeyAlgorithms.ECDSASHANistp256(),
              KeyAlgorithms.ECDSASHANistp384(),
              KeyAlgorithms.ECDSASHANistp521(),
              KeyAlgorithms.RSASHA512(),
              KeyAlgorithms.RSASHA256()));
    }
  }

  /** known_hosts checking that remembers why it refused, for a message the user can act on. */
  private static final class KnownHosts extends OpenSSHKnownHosts {
    private final Path file;
    String problem;

    KnownHosts(Path file) throws IOException {
      super(new java.io.StringReader(Files.isReadable(file) ? Files.readString(file) : ""));
      this.file = file;
    }

    @Override
    protected boolean hostKeyUnverifiableAction(String host, PublicKey key) {
      problem =
          "host key of "
              + host
              + " ("
              + key.getAlgorithm()
              + " "
              + SecurityUtils.getFingerprint(key)
              + ") is not in "
              + file
              + "; connect once with ssh to check and record it";
      return false;
    }

    @Override
    protected boolean hostKeyChangedAction(String host, PublicKey key) {
      problem =
          "HOST KEY OF "
              + host
              + " HAS CHANGED (now "
              + key.getAlgorithm()
              + " "
              + SecurityUtils.getFingerprint(key)
              + "), refusing to connect; if the change is expected,"
              + " remove the old entry from "
              + file;
      return false;
    }
  }

  static DistccException failed(String name, String why, Throwable cause) {
    return new DistccException(ExitCode.CONNECT_FAILED, "ssh to " + name + ": " + why, cause);
  }

  static void closeQuietly(SSHClient client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }

  @Override
  public String errorText() {
    return stderr.text();
  }

  @Override
  public void close() throws IOException {
    if (closed.getAndSet(true)) {
      return; // a cancelled job's connection is aborted from another thread too
    }
    try {
      command.close();
      session.close();
    } finally {
      if (release == null) {
        client.close();
      } else {
        release.run();
      }
    }
  }
}
