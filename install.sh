#!/bin/sh
# Installs port-ci, the Port commands as one native CLI for any CI, from the project's release archives.
#
#   curl -fsSL <url>/install.sh | sh
#   curl -fsSL <url>/install.sh | sh -s -- --dir /usr/local/bin --version 1.1.1
#   sh install.sh [--dir DIR] [--version X.Y.Z]
#
# POSIX sh (dash, bash, busybox ash, zsh in sh mode); checked with `shellcheck -s sh`. It never prompts: it installs,
# or it exits non-zero with one message saying why. The archive's SHA-256 is checked against the release's SHA256SUMS
# before anything is unpacked. tests/PortCi.Tests/InstallScriptTests.cs runs it against a local server.
set -eu

# The version this script installs by default. `npm version` stamps this line (scripts/stamp-version.js).
PORT_CI_VERSION=${PORT_CI_VERSION:-1.1.1}
PORT_CI_REPOSITORY=https://github.com/port-for-azure-pipelines/port-azure-pipelines

usage() {
  cat <<EOF
Installs port-ci (the Port commands for any CI) for this OS and CPU.

Usage: sh install.sh [--dir DIR] [--version X.Y.Z]
       curl -fsSL <url>/install.sh | sh -s -- [--dir DIR] [--version X.Y.Z]

  --dir DIR          install into DIR (default: \$PORT_CI_INSTALL_DIR, else ~/.local/bin)
  --version X.Y.Z    install that release (default: \$PORT_CI_VERSION, else ${PORT_CI_VERSION})
  -h, --help         print this help

Environment:
  PORT_CI_VERSION        the release to install
  PORT_CI_INSTALL_DIR    the folder to install into
  PORT_CI_DOWNLOAD_URL   the folder holding the archives and SHA256SUMS
                         (default: ${PORT_CI_REPOSITORY}/releases/download/v<version>)

Builds: linux-x64, linux-arm64 (glibc), osx-arm64, win-x64 (Git Bash, MSYS2 or Cygwin, with unzip).
EOF
}

say() { printf '%s\n' "$*"; }
die() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}

# Everything runs from main, called on the last line, so a download of this script cut short runs nothing.
main() {
  # --- arguments -------------------------------------------------------------------------------------------------------
  version=$PORT_CI_VERSION
  dir=${PORT_CI_INSTALL_DIR:-}
  while [ $# -gt 0 ]; do
    case $1 in
      -h | --help) usage; exit 0 ;;
      --dir) [ $# -ge 2 ] || die "--dir needs a folder, e.g. --dir \"\$HOME/bin\"."; dir=$2; shift 2 ;;
      --dir=*) dir=${1#--dir=}; shift ;;
      --version) [ $# -ge 2 ] || die "--version needs a version, e.g. --version ${PORT_CI_VERSION}."; version=$2; shift 2 ;;
      --version=*) version=${1#--version=}; shift ;;
      *) die "unknown argument '$1'; run 'sh install.sh --help' for the options." ;;
    esac
  done
  version=${version#v}
  case $version in
    '' | *[!0-9A-Za-z.+-]* | [!0-9]*) die "'$version' is not a version; give one like ${PORT_CI_VERSION}." ;;
  esac

  # --- the build for this OS and CPU ------------------------------------------------------------------------------------
  from_source="build port-ci from source instead: with the .NET 10 SDK, clone ${PORT_CI_REPOSITORY} and run \`dotnet publish src/PortCi -c Release -o <folder>\`."
  os=$(uname -s 2>/dev/null || echo unknown)
  cpu=$(uname -m 2>/dev/null || echo unknown)
  case $cpu in
    x86_64 | amd64 | x64) arch=x64 ;;
    aarch64 | arm64 | armv8*) arch=arm64 ;;
    *) arch= ;;
  esac

  # True when this Linux's C library is musl (Alpine and the like): the builds link glibc.
  is_musl() {
    for loader in /lib/ld-musl-*; do
      [ -e "$loader" ] && return 0
    done
    command -v ldd >/dev/null 2>&1 && ldd --version 2>&1 | grep -qi musl
  }

  exe=
  case $os in
    Linux)
      [ -n "$arch" ] || die "there is no port-ci build for Linux on '$cpu' (builds: linux-x64, linux-arm64); $from_source"
      if is_musl; then
        die "this Linux uses the musl C library (Alpine?), and the port-ci builds link glibc. Use a glibc image such as debian or ubuntu, or install glibc compatibility first (Alpine: apk add gcompat), or $from_source"
      fi
      rid=linux-$arch ;;
    Darwin)
      # A shell under Rosetta 2 reports x86_64 on Apple silicon, where the arm64 build runs natively.
      if [ "$arch" = x64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
        arch=arm64
      fi
      case $arch in
        arm64) rid=osx-arm64 ;;
        x64) die "there is no port-ci build for macOS on Intel (x86_64), only for Apple silicon (osx-arm64). Run port-ci in a Linux container (linux-x64), or $from_source" ;;
        *) die "there is no port-ci build for macOS on '$cpu' (builds: osx-arm64); $from_source" ;;
      esac ;;
    MINGW* | MSYS* | CYGWIN*)
      # Windows on Arm runs the x64 build under its emulation.
      [ -n "$arch" ] || die "there is no port-ci build for Windows on '$cpu' (builds: win-x64); $from_source"
      rid=win-x64
      exe=.exe
      command -v unzip >/dev/null 2>&1 || die "unzip is needed to unpack the Windows build (Git Bash has it; MSYS2: pacman -S unzip); or download port-ci-$version-win-x64.zip from the release yourself, unpack it with PowerShell's Expand-Archive, and put port-ci.exe on your PATH." ;;
    *) die "there is no port-ci build for '$os' on '$cpu' (builds: linux-x64, linux-arm64, osx-arm64, win-x64); $from_source" ;;
  esac

  # --- where it goes ----------------------------------------------------------------------------------------------------
  if [ -z "$dir" ]; then
    [ -n "${HOME:-}" ] || die "HOME is not set, so there is no ~/.local/bin: name a folder with --dir DIR."
    dir=$HOME/.local/bin
  fi
  mkdir -p "$dir" 2>/dev/null || die "cannot create the folder '$dir'; pick another with --dir DIR (or run as a user who may write there)."
  dir=$(CDPATH='' cd -- "$dir" && pwd) || die "cannot enter the folder '$dir'."
  [ -w "$dir" ] || die "cannot write to '$dir'; pick another with --dir DIR (or run as a user who may write there)."
  target=$dir/port-ci$exe

  path_hint() {
    case ":${PATH:-}:" in
      *":$dir:"*) return 0 ;;
    esac
    say "$dir is not on your PATH. To run port-ci by name, add it, e.g. in ~/.profile:"
    say "  export PATH=\"$dir:\$PATH\""
    if [ "${GITHUB_ACTIONS:-}" = true ]; then
      say "In GitHub Actions, later steps find it after: echo \"$dir\" >> \"\$GITHUB_PATH\""
    fi
  }

  if [ -x "$target" ] && [ "$("$target" --version </dev/null 2>/dev/null || true)" = "port-ci $version" ]; then
    say "port-ci $version is already installed in $dir; nothing to download."
    path_hint
    exit 0
  fi

  # --- download ---------------------------------------------------------------------------------------------------------
  base=${PORT_CI_DOWNLOAD_URL:-$PORT_CI_REPOSITORY/releases/download/v$version}
  base=${base%/}
  case $rid in
    win-*) archive=port-ci-$version-$rid.zip ;;
    *) archive=port-ci-$version-$rid.tar.gz ;;
  esac

  tmp=$(mktemp -d 2>/dev/null || mktemp -d -t port-ci) || die "cannot create a temporary folder (is TMPDIR writable?)."
  staged=
  cleanup() {
    rm -rf "$tmp"
    if [ -n "$staged" ]; then rm -f "$staged"; fi
  }
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP

  if command -v curl >/dev/null 2>&1; then
    # --retry retries timeouts and HTTP 408, 429, 500, 502, 503 and 504; older curls lack --retry-connrefused.
    curl_retry="--retry 3 --retry-delay 2"
    if curl --help all 2>/dev/null | grep -q -- --retry-connrefused; then
      curl_retry="$curl_retry --retry-connrefused"
    fi
    download() {
      # $curl_retry is split into its options on purpose.
      # shellcheck disable=SC2086
      if status=$(curl --fail --silent --location $curl_retry --write-out '%{http_code}' --output "$2" "$1"); then
        return 0
      else
        curl_exit=$?
      fi
      # curl's exit status says what broke when the HTTP status does not: 18 or 56 after a 200 is a download cut short.
      case ${status:-000} in
        000) die "could not reach $1 (network, DNS or proxy?; curl exit $curl_exit)." ;;
        2??)
          [ "$curl_exit" != 23 ] || die "could not write the download of $1 to $2 (curl exit 23): is the temporary folder full?"
          die "could not download $1: the download was cut short (curl exit $curl_exit; the server answered $status, then the connection broke)." ;;
        404) die "$1 was not found (404): is $version a released version of port-ci?" ;;
        *) die "could not download $1: the server answered $status (curl exit $curl_exit)." ;;
      esac
    }
  elif command -v wget >/dev/null 2>&1; then
    wget_retry=
    if wget --help 2>&1 | grep -q -- --tries; then
      wget_retry="--tries=3 --waitretry=2 --retry-connrefused"
      if wget --help 2>&1 | grep -q -- --retry-on-http-error; then
        wget_retry="$wget_retry --retry-on-http-error=408,429,500,502,503,504"
      fi
    fi
    download() {
      # $wget_retry is split into its options on purpose.
      # shellcheck disable=SC2086
      if wget -q $wget_retry -O "$2" "$1"; then
        return 0
      else
        wget_exit=$?
      fi
      case $wget_exit in
        4) die "could not download $1: the network failed, or the download was cut short (wget exit 4)." ;;
        8) die "could not download $1: the server answered an error (wget exit 8): is $version a released version of port-ci?" ;;
        *) die "could not download $1 (wget exit $wget_exit: is $version a released version of port-ci, and is the network up?)." ;;
      esac
    }
  else
    die "neither curl nor wget is installed; install one (e.g. apt-get install curl) and run this again."
  fi

  # The SHA-256 tool, chosen before anything is downloaded.
  if command -v sha256sum >/dev/null 2>&1; then
    sha256() { sha256sum "$1" | cut -d ' ' -f 1; }
  elif command -v shasum >/dev/null 2>&1; then
    sha256() { shasum -a 256 "$1" | cut -d ' ' -f 1; }
  elif command -v openssl >/dev/null 2>&1; then
    sha256() { openssl dgst -sha256 <"$1" | sed 's/^.*= *//'; }
  else
    die "cannot check the download's SHA-256: install sha256sum (coreutils), shasum (perl) or openssl, and run this again."
  fi

  say "Downloading port-ci $version for $rid from $base/"
  download "$base/SHA256SUMS" "$tmp/SHA256SUMS"
  download "$base/$archive" "$tmp/$archive"

  # --- verify, before anything is unpacked ------------------------------------------------------------------------------
  # SHA256SUMS lines are "<hex>  <name>" (or "<hex> *<name>" in binary mode).
  expected=$(tr -d '\r' <"$tmp/SHA256SUMS" | awk -v name="$archive" '{ n = $2; sub(/^\*/, "", n) } n == name { print tolower($1); exit }')
  [ -n "$expected" ] || die "SHA256SUMS at $base/ has no line for $archive, so it cannot be verified; nothing was installed."
  actual=$(sha256 "$tmp/$archive" | tr 'A-F' 'a-f')
  [ "$actual" = "$expected" ] || die "$archive does not match its SHA-256 in SHA256SUMS (expected $expected, got $actual): the download is corrupt or was altered, so nothing was installed."

  # --- unpack and install -----------------------------------------------------------------------------------------------
  mkdir "$tmp/unpacked"
  case $archive in
    *.zip)
      unzip -q "$tmp/$archive" -d "$tmp/unpacked" || die "cannot unpack $archive." ;;
    *)
      tar -xzf "$tmp/$archive" -C "$tmp/unpacked" || die "cannot unpack $archive." ;;
  esac
  unpacked=$tmp/unpacked/port-ci-$version-$rid/port-ci$exe
  [ -f "$unpacked" ] || die "$archive does not hold port-ci-$version-$rid/port-ci$exe; nothing was installed."

  # Copied beside the target and renamed over it, so port-ci is never half-written; it must run before it replaces anything.
  staged=$dir/.port-ci-$$.tmp$exe
  cp "$unpacked" "$staged" || die "cannot write to '$dir'; nothing was installed."
  chmod 755 "$staged" || die "cannot make $staged executable; nothing was installed."
  runs=$("$staged" --version </dev/null 2>&1) || die "the port-ci $rid build does not run here ($runs); nothing was installed."
  [ "$runs" = "port-ci $version" ] || die "the archive's port-ci says '$runs', not 'port-ci $version'; nothing was installed."
  mv -f "$staged" "$target" || die "cannot replace $target (is it running?); nothing was installed."
  staged=

  say "Installed port-ci $version to $target"
  path_hint
}

main "$@"
