#!/usr/bin/env bash
# Runs one port-ci command for an orb command (each packs this script into its run step), in bash 3.2 too (macOS's
# /bin/bash): no [[ -v ]], ${x^^}, declare -A or mapfile. Its environment:
#   PORT_CI_COMMAND      the port-ci command, e.g. upsert-entity
#   PORT_CI_FLAGS        a line per flag parameter: its name, '=', and the flag's default; a flag is passed only when
#                        its value differs, so port-ci applies its own defaults as the tasks do
#   PARAM_<NAME>         each parameter's value; $NAME and ${NAME} in a value take the job's variable of that name
#                        (as `circleci env subst` does), an unset one stays as written
#   PARAM_CLIENT_ID, PARAM_CLIENT_SECRET
#                        the names of the variables holding the credentials; their values reach port-ci through its
#                        environment only, never an argument or a line of the log
#   PORT_CI_AUTO_STATUS  report-run and report-deployment: the statuses that status auto sends after the job's steps
#                        succeeded and after one failed (PORT_CI_JOB_FAILED, set by the command's on_fail step)
set -euo pipefail

fail() {
  printf 'Port orb: %s\n' "$*" >&2
  exit 2
}

# The value with $NAME and ${NAME} replaced by the variables that are set; nothing else is evaluated.
expand() {
  local rest=$1 out='' name tail
  while [[ $rest == *'$'* ]]; do
    out+=${rest%%\$*}
    rest=${rest#*\$}
    if [[ $rest =~ ^\{([A-Za-z_][A-Za-z0-9_]*)\}(.*)$ ]] || [[ $rest =~ ^([A-Za-z_][A-Za-z0-9_]*)(.*)$ ]]; then
      name=${BASH_REMATCH[1]}
      tail=${BASH_REMATCH[2]}
      if [ -n "${!name+set}" ]; then
        out+=${!name}
      else
        out+=\$${rest%"$tail"}
      fi
      rest=$tail
    else
      out+=\$
    fi
  done
  printf '%s' "$out$rest"
}

: "${PORT_CI_COMMAND:?the orb command gives PORT_CI_COMMAND}"
command -v port-ci >/dev/null 2>&1 || fail "port-ci is not installed: add the step port/install before port/${PORT_CI_COMMAND//-/_}."

id_variable=${PARAM_CLIENT_ID:-PORT_CLIENT_ID}
secret_variable=${PARAM_CLIENT_SECRET:-PORT_CLIENT_SECRET}
[ -n "${!id_variable:-}" ] || fail "the variable $id_variable (client_id) is not set: add the context that holds your Port credentials to this job, or set client_id to the variable that holds the client ID."
[ -n "${!secret_variable:-}" ] || fail "the variable $secret_variable (client_secret) is not set: add the context that holds your Port credentials to this job, or set client_secret to the variable that holds the client secret."
PORT_CLIENT_ID=${!id_variable}
PORT_CLIENT_SECRET=${!secret_variable}
export PORT_CLIENT_ID PORT_CLIENT_SECRET

arguments=("$PORT_CI_COMMAND")
while IFS= read -r line; do
  [ -n "$line" ] || continue
  parameter=${line%%=*}
  default=${line#*=}
  variable=PARAM_$(printf '%s' "$parameter" | tr '[:lower:]' '[:upper:]')
  value=$(expand "${!variable-}")
  if [ "$parameter" = status ] && [ "$value" = auto ] && [ -n "${PORT_CI_AUTO_STATUS:-}" ]; then
    read -r succeeded failed <<<"$PORT_CI_AUTO_STATUS"
    if [ "${PORT_CI_JOB_FAILED:-}" = true ]; then value=$failed; else value=$succeeded; fi
    echo "status auto: the job's steps have ${PORT_CI_JOB_FAILED:+not }succeeded so far, so the status is $value."
  fi
  if [ -n "$value" ] && [ "$value" != "$default" ]; then
    arguments+=("--${parameter//_/-}=$value")
  fi
done <<<"$PORT_CI_FLAGS"

exec port-ci "${arguments[@]}"
