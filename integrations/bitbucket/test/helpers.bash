# Shared by the pipe's bats tests: pipe.sh run as Bitbucket runs a pipe (a fresh environment holding Bitbucket's
# variables and the step's `variables:`), against the Port emulator.
# Needs: PORT_EMULATOR_URL (a running emulator, e.g. `dotnet run --project src/Port.Emulator`), port-ci on PATH,
# curl and jq. Optional: PIPE_LOG_DIR, a folder that receives every run's output (the NUnit test checks it for secrets).

bats_require_minimum_version 1.5.0

PIPE=$BATS_TEST_DIRNAME/../pipe/pipe.sh
CLIENT_SECRET=${PORT_CLIENT_SECRET:-demo-client-secret}

setup() {
  : "${PORT_EMULATOR_URL:?set PORT_EMULATOR_URL to a running Port emulator (dotnet run --project src/Port.Emulator)}"
  emulator=${PORT_EMULATOR_URL%/}
  curl -fsS -X POST "$emulator/_emulator/reset" >/dev/null
  curl -fsS -X DELETE "$emulator/_emulator/requests" >/dev/null
  clone=$BATS_TEST_TMPDIR/clone
  storage=$clone/.bitbucket/pipelines/generated/pipeline/pipes
  mkdir -p "$clone" "$storage"
  cd "$clone" || return 1
  # What Bitbucket gives every pipe, and what a step passes: credentials from repository variables, the API URL.
  bitbucket=(CI=true BITBUCKET_BUILD_NUMBER=42 BITBUCKET_WORKSPACE=acme BITBUCKET_REPO_SLUG=checkout
    BITBUCKET_CLONE_DIR="$clone" BITBUCKET_PIPE_SHARED_STORAGE_DIR="$storage")
  credentials=(PORT_CLIENT_ID="${PORT_CLIENT_ID:-demo-client-id}" PORT_CLIENT_SECRET="$CLIENT_SECRET" BASE_URL="$emulator")
}

# pipe VAR=value ...: the pipe with these variables (and credentials); $status, $output (stdout: the JSON) and $stderr.
pipe() {
  run --separate-stderr env -i PATH="$PATH" HOME="$BATS_TEST_TMPDIR" "${bitbucket[@]}" "${credentials[@]}" "$@" "$PIPE"
  record
}

# pipe_without_credentials VAR=value ...: the same, with no Port credentials.
pipe_without_credentials() {
  run --separate-stderr env -i PATH="$PATH" HOME="$BATS_TEST_TMPDIR" "${bitbucket[@]}" BASE_URL="$emulator" "$@" "$PIPE"
  record
}

# Keeps the run's output for the NUnit test, shows it when the test fails, and fails if it holds the client secret.
record() {
  printf '$ pipe (exit %s)\nstdout:\n%s\nstderr:\n%s\n' "$status" "$output" "$stderr" # shown when the test fails
  if [ -n "${PIPE_LOG_DIR:-}" ]; then
    printf '%s\n%s\n' "$output" "$stderr" >>"$PIPE_LOG_DIR/$BATS_TEST_NUMBER.log"
  fi
  if [[ $output$stderr == *"$CLIENT_SECRET"* ]]; then
    echo "the client secret shows in the pipe's output" >&2
    return 1
  fi
}

# The outputs of the pipes so far, as a later command of the step reads them.
source_outputs() {
  set -a
  # shellcheck disable=SC1091
  . "$storage/port.env"
  set +a
}

# A field of the emulator's state (jq filter on /_emulator/state).
port_state() {
  curl -fsS "$emulator/_emulator/state" | jq -r "$1"
}

# How many requests reached the emulator since the test began.
requests_sent() {
  curl -fsS "$emulator/_emulator/requests" | jq 'length'
}

# fails with a message unless "$1" = "$2"
expect() {
  if [ "$1" != "$2" ]; then
    printf 'expected: %s\n  actual: %s\n%s\n' "$2" "$1" "${3:-}" >&2
    return 1
  fi
}
