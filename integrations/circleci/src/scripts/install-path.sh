#!/usr/bin/env bash
# The orb's install command, before install.sh runs: resolves the install folder (a leading ~ is the home folder) and
# appends to $BASH_ENV, which CircleCI sources before every later step of the job, the folder for install.sh
# (PORT_CI_INSTALL_DIR), the folder on PATH, and the mirror when download_url is given (else install.sh's default).
# Parameters arrive as PARAM_INSTALL_DIR and PARAM_DOWNLOAD_URL.
set -euo pipefail

dir=${PARAM_INSTALL_DIR:-~/.port-ci/bin}
tilde='~'
case $dir in
  "$tilde") dir=$HOME ;;
  "$tilde"/*) dir=$HOME/${dir#"$tilde"/} ;;
esac
mkdir -p "$dir" || { echo "Port orb: cannot create the folder '$dir' (install_dir); pick another." >&2; exit 1; }
dir=$(cd "$dir" && pwd)

{
  printf 'export PORT_CI_INSTALL_DIR=%q\n' "$dir"
  # $PATH stays as written: each later step puts the folder before its own PATH.
  # shellcheck disable=SC2016
  printf 'export PATH=%q:"$PATH"\n' "$dir"
  if [ -n "${PARAM_DOWNLOAD_URL:-}" ]; then
    printf 'export PORT_CI_DOWNLOAD_URL=%q\n' "$PARAM_DOWNLOAD_URL"
  fi
} >>"$BASH_ENV"
echo "port-ci goes into $dir, on PATH for the job's later steps."
