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
