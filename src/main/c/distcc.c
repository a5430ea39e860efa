/*
 * jdistcc's native launcher, installed as bin/distcc (and reached through the masquerade links
 * in lib/distcc). It holds no policy: it hands the whole job (argv, environment, working
 * directory, umask, which of descriptors 0-2 are terminals) to the user's agent over a
 * Unix-domain socket, then relays the agent's output and exits with its status, or runs the
 * compiler the agent names as its child, reports how it ended, and ends the same way. Should the
 * agent end first, it removes the files the agent said it was creating for the job, then compiles
 * locally. Without an agent it starts one; when none can be used within a
 * second it runs the in-process Java client (bin/distcc-java), as does DISTCC_AGENT=0.
 *
 * Frames, both ways: u32 big-endian length, one type byte, payload (org.jdistcc.agent).
 *
 * Trust: the socket lives in a directory that must be ours, mode 0700 and not a symbolic link,
 * and the peer must run as our uid (SO_PEERCRED), so another user cannot answer "exec this".
 *
 * Copyright the jdistcc authors. GPL-2.0-or-later.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static char home[PATH_MAX];   /* the installation: bin/.. of this executable */
static char **job_argv;
/* Where distcc's own messages go: stderr, or the open descriptor ccache names in UNCACHED_ERR_FD,
   so that a cache hit does not replay them with the compiler's. */
static int messages_fd = 2;

/* The in-process client, today's path: one JVM for this job. */
static void run_in_process(int local_only) {
  char script[PATH_MAX + 32];
  int n = 0;
  while (job_argv[n]) n++;
  char **args = calloc((size_t)n + 3, sizeof *args);
  if (!args) { perror("distcc"); exit(100); }
  snprintf(script, sizeof script, "%s/bin/distcc-java", home);
  args[0] = "sh";
  args[1] = script;
  for (int i = 1; i < n; i++) args[i + 1] = job_argv[i];
  setenv("JDISTCC_ARGV0", job_argv[0], 1);
  if (local_only) setenv("DISTCC_HOSTS", "localhost", 1);
  execv("/bin/sh", args);
  dprintf(messages_fd, "distcc: cannot run %s: %s\n", script, strerror(errno));
  exit(100);
}

/* Files the agent is creating for this job (an object's temporary twin): an agent killed
   outright cannot remove them, so the launcher does when the agent ends before the job. */
#define MAX_CLAIMS 16
static char *claims[MAX_CLAIMS];

static void claim(char *path) {
  for (int i = 0; i < MAX_CLAIMS; i++) {
    if (!claims[i]) { claims[i] = path; return; }
  }
  free(path);
}

static void disown(char *path) {
  for (int i = 0; i < MAX_CLAIMS; i++) {
    if (claims[i] && strcmp(claims[i], path) == 0) { free(claims[i]); claims[i] = NULL; }
  }
  free(path);
}

/* ---- frames ---- */

static char *out_buf;
static size_t out_len, out_cap;

static void frame(char type, const void *payload, size_t len) {
  if (out_len + len + 5 > out_cap) {
    out_cap = (out_len + len + 5) * 2;
    out_buf = realloc(out_buf, out_cap);
    if (!out_buf) { perror("distcc"); exit(100); }
  }
  unsigned char *p = (unsigned char *)out_buf + out_len;
  p[0] = (unsigned char)(len >> 24); p[1] = (unsigned char)(len >> 16);
  p[2] = (unsigned char)(len >> 8); p[3] = (unsigned char)len; p[4] = (unsigned char)type;
  memcpy(p + 5, payload, len);
  out_len += len + 5;
}

static void frame_str(char type, const char *s) { frame(type, s, strlen(s)); }

static int write_all(int fd, const char *p, size_t len, int is_socket) {
  while (len > 0) {
    ssize_t n = is_socket ? send(fd, p, len, MSG_NOSIGNAL) : write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n; len -= (size_t)n;
  }
  return 0;
}

static int read_all(int fd, void *buf, size_t len) {
  char *p = buf;
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n; len -= (size_t)n;
  }
  return 0;
}

/* ---- finding and starting the agent ---- */

static int private_dir(const char *dir) {
  struct stat st;
  if (mkdir(dir, 0700) != 0 && errno != EEXIST) return 0;
  if (lstat(dir, &st) != 0) return 0;
  return S_ISDIR(st.st_mode) && st.st_uid == getuid() && (st.st_mode & 077) == 0;
}

/* Connects to the agent's socket; -1 when nobody (or somebody else) listens there. */
static int connect_agent(const char *path) {
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  strcpy(addr.sun_path, path); /* length checked by the caller */
  /* No SOCK_CLOEXEC: a compiler we exec keeps the connection, so the agent sees it end. */
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { close(fd); return -1; }
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != getuid()) {
    dprintf(messages_fd, "distcc: %s is served by uid %d, not ours; not using it\n", path,
            (int)cred.uid);
    close(fd);
    return -1;
  }
  return fd;
}

static void close_between(unsigned lo, unsigned hi) {
  if (syscall(SYS_close_range, lo, hi, 0) == 0) return;
  long max = sysconf(_SC_OPEN_MAX);
  if (max < 0 || max > 1 << 20) max = 1 << 20;
  for (unsigned fd = lo; fd <= hi && fd < (unsigned long)max; fd++) close((int)fd);
}

/* Starts the agent detached: its own session, cwd /, no descriptor of ours but the lock. */
static void spawn_agent(const char *socket_path, int lock_fd) {
  pid_t pid = fork();
  if (pid < 0) return;
  if (pid == 0) {
    setsid();
    if (fork() != 0) _exit(0);
    if (chdir("/") != 0) _exit(127);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0); dup2(null, 1); dup2(null, 2);
    /* Every inherited descriptor goes (make's pipes above all, or `make | cat` would hang
       until the agent's idle exit), except the lock, which the agent holds while it lives. */
    if (lock_fd > 3) close_between(3, (unsigned)lock_fd - 1);
    close_between((unsigned)lock_fd + 1, ~0U);
    setenv("LC_ALL", "C.UTF-8", 1);
    char script[PATH_MAX + 32];
    snprintf(script, sizeof script, "%s/bin/distcc-java", home);
    execl("/bin/sh", "sh", script, "--agent", socket_path, (char *)NULL);
    _exit(127);
  }
  waitpid(pid, NULL, 0);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The agent's connection, started if need be; -1 after a second without one. */
static int agent(void) {
  char dir[PATH_MAX], id[64] = "", path[PATH_MAX + 256], host[256] = "";
  const char *xdg = getenv("XDG_RUNTIME_DIR");
  if (xdg && *xdg) snprintf(dir, sizeof dir, "%s/jdistcc", xdg);
  else snprintf(dir, sizeof dir, "/tmp/jdistcc-%d", (int)getuid());
  if (!private_dir(dir)) {
    dprintf(messages_fd, "distcc: %s is not a private directory of ours (mode 0700); running without the agent\n", dir);
    return -1;
  }
  /* The build's id (a hash of the jars and the JVM options): an agent of another build is
     never asked. The host and JAVA_HOME too, for a runtime directory shared over NFS. */
  snprintf(path, sizeof path, "%s/lib/agent.id", home);
  int idfd = open(path, O_RDONLY | O_CLOEXEC);
  if (idfd < 0) return -1;
  ssize_t n = read(idfd, id, sizeof id - 1);
  close(idfd);
  if (n <= 0) return -1;
  id[strcspn(id, "\n")] = 0;
  gethostname(host, sizeof host - 1);
  uint32_t h = 2166136261u;
  const char *java_home = getenv("JAVA_HOME");
  for (const char *s = host; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  for (const char *s = java_home ? java_home : ""; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  snprintf(path, sizeof path, "%s/a-%.16s-%08x.sock", dir, id, h);
  if (strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) return -1;

  int fd = connect_agent(path);
  if (fd >= 0) return fd;
  char lock[PATH_MAX + 256];
  snprintf(lock, sizeof lock, "%s/a-%.16s-%08x.lock", dir, id, h);
  int lock_fd = open(lock, O_RDWR | O_CREAT, 0600);  /* inherited by the agent we start */
  if (lock_fd < 0) return -1;
  if (lock_fd < 3) { int moved = fcntl(lock_fd, F_DUPFD, 3); close(lock_fd); lock_fd = moved; }
  if (lock_fd < 0) return -1;
  /* A live or starting agent holds the lock: exactly one launcher of many wins it and starts
     the agent, and the others wait for the socket. */
  double deadline = now() + 1.0;
  int started = 0;
  for (;;) {
    if (!started && flock(lock_fd, LOCK_EX | LOCK_NB) == 0) {
      spawn_agent(path, lock_fd);
      started = 1;
    }
    fd = connect_agent(path);
    if (fd >= 0 || now() > deadline) break;
    struct timespec pause = {0, 2000000};
    nanosleep(&pause, NULL);
  }
  close(lock_fd);
  return fd;
}

/* ---- the job ---- */

/* ---- a local compile the agent names ---- */

static volatile pid_t compiler;

static void pass_on(int sig) {
  if (compiler > 0) kill(compiler, sig);
}

/*
 * Runs the compiler as a child and waits for it, keeping the connection open all the while, so
 * that the agent holds the job's local slot until the compiler ends; then tells the agent the
 * status for its trace, and ends as the compiler did: its exit code, or its signal raised again.
 * The terminal's SIGINT and SIGQUIT reach the compiler as they would without distcc (it is in
 * the same process group); SIGTERM and SIGHUP sent to distcc alone (make stopping a job) are
 * passed on.
 */
static int run_local(int fd, const char *path, char **args, char **env) {
  struct sigaction ignore = {.sa_handler = SIG_IGN}, forward = {.sa_handler = pass_on};
  sigemptyset(&ignore.sa_mask);
  sigemptyset(&forward.sa_mask);
  sigaction(SIGINT, &ignore, NULL);
  sigaction(SIGQUIT, &ignore, NULL);
  sigaction(SIGTERM, &forward, NULL);
  sigaction(SIGHUP, &forward, NULL);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    perror("distcc: fork");
    return 100;
  }
  if (pid == 0) {
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGINT, &dfl, NULL);
    sigaction(SIGQUIT, &dfl, NULL);
    sigaction(SIGTERM, &dfl, NULL);
    sigaction(SIGHUP, &dfl, NULL);
    close(fd);
#ifdef __linux__
    // A launcher killed outright (SIGKILL) takes its compiler along, as an exec'd one would go.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(128 + SIGTERM);
#else
    (void)parent;
#endif
    execve(path, args, env);
    dprintf(messages_fd, "distcc: cannot run %s: %s\n", path, strerror(errno));
    _exit(110);
  }
  compiler = pid;
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      perror("distcc: waitpid");
      return 100;
    }
  }
  char text[32];
  snprintf(text, sizeof text, "%d", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  out_len = 0;
  frame_str('S', text);
  write_all(fd, out_buf, out_len, 1);
  close(fd);
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    sigset_t just;
    sigemptyset(&just);
    sigaddset(&just, sig);
    sigprocmask(SIG_UNBLOCK, &just, NULL);
    raise(sig);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
  (void)argc;
  job_argv = argv;
  ssize_t n = readlink("/proc/self/exe", home, sizeof home - 1);
  if (n <= 0) { fprintf(stderr, "distcc: cannot find my installation\n"); return 100; }
  home[n] = 0;
  for (int up = 0; up < 2; up++) {
    char *slash = strrchr(home, '/');
    if (slash) *slash = 0;
  }
  const char *uncached = getenv("UNCACHED_ERR_FD");
  if (uncached && atoi(uncached) > 0 && fcntl(atoi(uncached), F_GETFD) != -1) {
    messages_fd = atoi(uncached);
  }
  const char *use = getenv("DISTCC_AGENT");
  if (use && strcmp(use, "0") == 0) run_in_process(0);
  int fd = agent();
  if (fd < 0) run_in_process(0);

  char cwd[PATH_MAX], text[64];
  if (!getcwd(cwd, sizeof cwd)) run_in_process(0);
  for (char **a = argv; *a; a++) frame_str('A', *a);
  for (char **e = environ; *e; e++) frame_str('E', *e);
  frame_str('D', cwd);
  mode_t mask = umask(0);
  umask(mask);
  snprintf(text, sizeof text, "%o", (unsigned)mask);
  frame_str('U', text);
  char ttys[3] = {isatty(0) ? '1' : '0', isatty(1) ? '1' : '0', isatty(2) ? '1' : '0'};
  frame('T', ttys, 3);
  snprintf(text, sizeof text, "%ld", (long)getpid());
  frame_str('P', text);
  frame('C', "", 0);
  int sent = write_all(fd, out_buf, out_len, 1) == 0;

  char **exec_argv = NULL, **exec_env = NULL;
  size_t nargs = 0, nenv = 0;
  while (sent) {
    unsigned char head[5];
    if (read_all(fd, head, 5) != 0) break;
    size_t len = (size_t)head[0] << 24 | (size_t)head[1] << 16 | (size_t)head[2] << 8 | head[3];
    if (len > (64u << 20)) break;
    char *payload = malloc(len + 1);
    if (!payload || read_all(fd, payload, len) != 0) break;
    payload[len] = 0;
    switch (head[4]) {
    case '1': case '2':
      write_all(head[4] - '0', payload, len, 0);
      free(payload);
      break;
    case 'u':
      write_all(messages_fd, payload, len, 0);
      free(payload);
      break;
    case 'X':
      return atoi(payload);
    case 'a': case 'e': {
      char ***list = head[4] == 'a' ? &exec_argv : &exec_env;
      size_t *count = head[4] == 'a' ? &nargs : &nenv;
      *list = realloc(*list, (*count + 2) * sizeof **list);
      if (!*list) { perror("distcc"); return 100; }
      (*list)[(*count)++] = payload;
      (*list)[*count] = NULL;
      break;
    }
    case 'R':
      if (!exec_argv) return 100;
      return run_local(fd, payload, exec_argv, exec_env ? exec_env : (char *[]){NULL});
    case 'F':
      claim(payload);
      break;
    case 'f':
      disown(payload);
      break;
    case 'N':
      close(fd);
      run_in_process(0);
      break;
    default:
      free(payload);
      break;
    }
  }
  /* The agent went away before the job ended (killed, crashed). */
  close(fd);
  for (int i = 0; i < MAX_CLAIMS; i++) {
    if (claims[i]) unlink(claims[i]);
  }
  const char *fallback = getenv("DISTCC_FALLBACK");
  if (fallback && strcmp(fallback, "0") == 0) {
    dprintf(messages_fd, "distcc: the agent ended before the job did, and fallbacks are disabled\n");
    return 100;
  }
  dprintf(messages_fd, "distcc: the agent ended before the job did; compiling locally\n");
  run_in_process(1);
  return 100;
}
