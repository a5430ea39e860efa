# Shell functions the bench scripts share; each script sources it after setting $top.

# The median of the numbers given as arguments, or on stdin one a line.
median() {
  if [ $# -gt 0 ]; then printf '%s\n' "$@"; else cat; fi |
    sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'
}

# A loopback TCP port nobody listens on right now.
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Installs the Debian packages named when they are missing and this runs as root; otherwise
# leaves them missing (the script then fails where it needs them, saying which file is absent).
need_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
      [ "$(id -u)" = 0 ] &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
    } || true
  done
}

# The corpora (Debian's binutils-source and googletest): unpacks libiberty into DIR and configures
# it, then prints its directory.
unpack_libiberty() {
  tar -xf /usr/src/binutils/binutils-*.tar.* -C "$1"
  local lib
  lib=$(echo "$1"/binutils-*/libiberty)
  (cd "$lib" && ./configure -q >/dev/null 2>&1)
  echo "$lib"
}

# Copies googletest's sources to DIR.
copy_googletest() { cp -r /usr/src/googletest "$1"; }

# A throwaway OpenSSH sshd on loopback for the SSH benches, in DIR (which it makes readable to
# the account it logs in as). sshd runs each command through the account's login shell, and
# Debian's bash reads ~/.bashrc for a command run by sshd: a .bashrc that sets up pyenv costs
# 260 ms per session on this kind of machine, which no transport can avoid. Run as root, it logs
# in as a throwaway system account with /bin/sh and an empty home (removed by stop_sshd);
# SSH_USER=NAME names an existing account instead; as another user, that user, dotfiles and all.
# Sets SSH_BENCH_USER, writes DIR/ssh_config (host "volunteer"), DIR/home (HOME for clients: key,
# known_hosts and the same host in .ssh/config) and DIR/ssh-plain (ssh with that config).
start_sshd() {
  local dir=$1 port
  (cd "$dir" && ssh-keygen -q -t ed25519 -N '' -f host_key &&
    mkdir -p home/.ssh && ssh-keygen -q -t ed25519 -N '' -f home/.ssh/id_ed25519 &&
    cp home/.ssh/id_ed25519.pub authorized_keys)
  chmod 755 "$dir"
  SSH_BENCH_USER=${SSH_USER:-}
  if [ -z "$SSH_BENCH_USER" ] && [ "$(id -u)" = 0 ]; then
    SSH_BENCH_MADE="jdbench$$"
    useradd --system -p '*' --shell /bin/sh --home-dir "$dir/vhome" --create-home "$SSH_BENCH_MADE"
    SSH_BENCH_USER=$SSH_BENCH_MADE
  fi
  SSH_BENCH_USER=${SSH_BENCH_USER:-$(id -un)}
  port=$(freeport)
  [ "$(id -u)" = 0 ] && mkdir -p /run/sshd
  printf '%s\n' "Port $port" "ListenAddress 127.0.0.1" "HostKey $dir/host_key" "PidFile $dir/sshd.pid" \
    "AuthorizedKeysFile $dir/authorized_keys" "StrictModes no" "UsePAM no" \
    "PasswordAuthentication no" "PermitRootLogin prohibit-password" "LogLevel ERROR" > "$dir/sshd_config"
  "$(command -v sshd || echo /usr/sbin/sshd)" -f "$dir/sshd_config"
  echo "[127.0.0.1]:$port $(cat "$dir/host_key.pub")" > "$dir/home/.ssh/known_hosts"
  printf 'Host volunteer\n  HostName 127.0.0.1\n  Port %s\n  User %s\n' "$port" "$SSH_BENCH_USER" \
    > "$dir/home/.ssh/config"
  printf '%s\n' "Host volunteer" "  HostName 127.0.0.1" "  Port $port" \
    "  IdentityFile $dir/home/.ssh/id_ed25519" "  UserKnownHostsFile $dir/home/.ssh/known_hosts" \
    "  BatchMode yes" "  User $SSH_BENCH_USER" "  ControlPath $dir/cm-%r@%h:%p" > "$dir/ssh_config"
  printf '#!/bin/sh\nexec ssh -F %s "$@"\n' "$dir/ssh_config" > "$dir/ssh-plain"
  chmod +x "$dir/ssh-plain"
}

# Stops start_sshd's sshd and removes the account it made.
stop_sshd() {
  [ -f "$1/sshd.pid" ] && kill "$(cat "$1/sshd.pid")" 2>/dev/null
  [ -n "${SSH_BENCH_MADE:-}" ] && userdel "$SSH_BENCH_MADE" 2>/dev/null
  return 0
}
