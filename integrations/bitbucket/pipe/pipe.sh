#!/usr/bin/env bash
# The Bitbucket pipe: runs one port-ci command, COMMAND, with the pipe's variables as its flags. Each variable is the
# flag of that name in upper snake case (ENTITIES_FILE is --entities-file); flags.tsv, generated with pipe.yml from
# tasks/*/task.json, says which flags each command takes. A list variable (IDENTIFIERS: ['a', 'b']) arrives as
# IDENTIFIERS_COUNT, IDENTIFIERS_0, ... and is joined as the flag takes several values.
# stdout: port-ci's JSON. stderr: port-ci's log and this script's lines. The outputs also go to ENV_FILE
# (NAME='value' lines, safe to source). Exit codes are port-ci's: 0 success, 1 failure, 2 bad input (nothing was
# sent; a missing variable is said here, by its name), 130/143 after SIGINT/SIGTERM.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
flags_file=${PIPE_FLAGS_FILE:-$here/flags.tsv}

say() { printf 'pipe: %s\n' "$*" >&2; }
usage_error() {
  printf 'pipe: error: %s\n' "$*" >&2
  exit 2
}

[ -r "$flags_file" ] || { printf 'pipe: error: %s is missing from the image; it is built with pipe.sh.\n' "$flags_file" >&2; exit 1; }

# Every command, and every variable of every command, from flags.tsv.
declare -A is_command=() commands_of=()
while IFS=$'\t' read -r row_command _ row_variable _ _ _; do
  [[ -z $row_command || $row_command == '#'* ]] && continue
  is_command[$row_command]=1
  commands_of[$row_variable]="${commands_of[$row_variable]:+${commands_of[$row_variable]}, }$row_command"
done <"$flags_file"
mapfile -t all_commands < <(printf '%s\n' "${!is_command[@]}" | sort)

command=${COMMAND:-}
if [ -z "$command" ]; then
  usage_error "the variable COMMAND is missing: set it to one of ${all_commands[*]}."
fi
if [ -z "${is_command[$command]:-}" ]; then
  usage_error "COMMAND is '$command', which is no command of port-ci: use one of ${all_commands[*]}."
fi

# A variable's value: NAME, or the list NAME_COUNT, NAME_0, ... joined with $2 (a line break or a comma).
value_of() {
  local name=$1 separator=$2 count_name="${1}_COUNT" joined='' item i
  local count=${!count_name:-}
  if [ -n "$count" ]; then
    [ "$separator" != - ] || usage_error "$name is a list ($count_name is set), but $name takes one value."
    [ -z "${!name:-}" ] || usage_error "$name is given both as a list and as one value: give one of them."
    [[ $count =~ ^[0-9]+$ ]] || usage_error "$count_name is '$count', not a number."
    for ((i = 0; i < count; i++)); do
      item="${name}_${i}"
      [ -n "${!item+set}" ] || usage_error "$count_name is $count, but $item is not set."
      if ((i > 0)); then joined+=$separator; fi
      joined+=${!item}
    done
    printf '%s' "$joined"
  else
    printf '%s' "${!name:-}"
  fi
}

args=()
missing=()
declare -A mine=()
while IFS=$'\t' read -r row_command flag variable list required _; do
  [[ $row_command == "$command" ]] || continue
  mine[$variable]=1
  case $list in
    lines) separator=$'\n' ;;
    commas) separator=, ;;
    *) separator=- ;;
  esac
  value=$(value_of "$variable" "$separator") || exit $?
  if [ -n "$value" ]; then
    # --flag=value, so that a value starting with -- is still the flag's value.
    args+=("$flag=$value")
  elif [ "$required" = required ]; then
    missing+=("$variable")
  fi
done <"$flags_file"

# A variable of another command only: a mistake this command would otherwise ignore.
for variable in "${!commands_of[@]}"; do
  [ -z "${mine[$variable]:-}" ] || continue
  count_name="${variable}_COUNT"
  if [ -n "${!variable:-}" ] || [ -n "${!count_name:-}" ]; then
    usage_error "$variable is not a variable of $command; it is one of ${commands_of[$variable]}."
  fi
done

# Credentials: PORT_CLIENT_ID and PORT_CLIENT_SECRET, from secured repository variables, reach port-ci by its environment.
if [ -z "${PORT_CLIENT_ID:-}" ]; then
  missing+=(PORT_CLIENT_ID)
fi
if [ -z "${PORT_CLIENT_SECRET:-}" ]; then
  missing+=(PORT_CLIENT_SECRET)
fi
if [ ${#missing[@]} -gt 0 ]; then
  list=$(printf '%s, ' "${missing[@]}")
  usage_error "$command needs the variable$([ ${#missing[@]} -gt 1 ] && echo s) ${list%, }: add $([ ${#missing[@]} -gt 1 ] && echo them || echo it) under the pipe's variables (PORT_CLIENT_ID: \$PORT_CLIENT_ID and PORT_CLIENT_SECRET: \$PORT_CLIENT_SECRET from secured repository variables). Nothing was sent to Port."
fi

# The outputs, for later commands of the step (and later pipes): an env file in the pipes' shared storage.
env_file=${ENV_FILE:-${BITBUCKET_PIPE_SHARED_STORAGE_DIR:-${BITBUCKET_CLONE_DIR:-$PWD}}/port.env}
env_dir=$(dirname "$env_file")
if mkdir -p "$env_dir" 2>/dev/null && [ -w "$env_dir" ]; then
  args+=(--env-file "$env_file")
else
  say "warning: cannot write to $env_dir, so the outputs are only in the JSON on stdout (set ENV_FILE to a writable path)."
  env_file=
fi

printf -v shown ' %q' "${args[@]}"
say "port-ci $command$shown"

# port-ci runs as a child so that this script can add to its messages; signals reach it (PID 1 of a container ignores
# them unless it handles them).
port-ci "$command" "${args[@]}" </dev/null &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM
trap 'kill -INT "$child" 2>/dev/null || true' INT
status=0
wait "$child" || status=$?
# A trapped signal ends the first wait early; wait again for port-ci's own exit code.
while kill -0 "$child" 2>/dev/null; do
  status=0
  wait "$child" || status=$?
done

case $status in
  0)
    if [ -n "$env_file" ]; then
      say "outputs: in $env_file; a later command reads them after: set -a; . \"$env_file\"; set +a"
    fi ;;
  2) say "in this pipe each port-ci flag is a variable in upper snake case (--entities-file is ENTITIES_FILE): see pipe.yml." ;;
esac
exit "$status"
