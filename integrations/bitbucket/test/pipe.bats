#!/usr/bin/env bats
# The pipe's commands against the Port emulator, each run as Bitbucket runs a pipe. See helpers.bash for what it needs;
# tests/PortCi.EndToEnd.Tests/Integrations/Bitbucket runs this file with the emulator and the built port-ci.

load helpers

@test "upsert-entity writes the entity; its outputs are JSON on stdout and in the env file" {
  pipe COMMAND=upsert-entity BLUEPRINT=microservice IDENTIFIER=pipe-svc TITLE='Pipe service' PROPERTIES='{"version": "2.0.0"}'

  expect "$status" 0 "$stderr"
  expect "$(jq -r .identifier <<<"$output")" pipe-svc
  expect "$(port_state '.entities[] | select(.identifier == "pipe-svc") | .properties.version')" 2.0.0
  source_outputs
  expect "$PORT_IDENTIFIER" pipe-svc
}

@test "get-entity: a later command of the step reads its outputs from the env file" {
  pipe COMMAND=get-entity BLUEPRINT=microservice IDENTIFIER=checkout

  expect "$status" 0 "$stderr"
  expect "$(jq -r .property_version <<<"$output")" 1.4.0
  source_outputs
  expect "$PORT_TITLE $PORT_PROPERTY_VERSION" "Checkout 1.4.0"
}

@test "ENV_FILE: port.env puts the outputs in the clone, where the step's next command sources them" {
  pipe COMMAND=get-entity BLUEPRINT=microservice IDENTIFIER=checkout NAME=checkout ENV_FILE=port.env

  expect "$status" 0 "$stderr"
  [ ! -e "$storage/port.env" ]
  set -a
  . ./port.env
  set +a
  expect "$PORT_CHECKOUT_PROPERTY_VERSION" 1.4.0
}

@test "a later pipe takes an earlier pipe's output: upsert-entity with the version get-entity read" {
  pipe COMMAND=get-entity BLUEPRINT=microservice IDENTIFIER=checkout NAME=current
  expect "$status" 0 "$stderr"
  source_outputs

  pipe COMMAND=upsert-entity BLUEPRINT=microservice IDENTIFIER=inventory PROPERTIES="{\"version\": \"$PORT_CURRENT_PROPERTY_VERSION\"}"

  expect "$status" 0 "$stderr"
  expect "$(port_state '.entities[] | select(.identifier == "inventory") | .properties.version')" 1.4.0
}

@test "delete-entity takes IDENTIFIERS as a YAML list (IDENTIFIERS_COUNT, IDENTIFIERS_0, ...)" {
  pipe COMMAND=upsert-entity BLUEPRINT=microservice IDENTIFIER=preview-1
  pipe COMMAND=upsert-entity BLUEPRINT=microservice IDENTIFIER=preview-2

  pipe COMMAND=delete-entity BLUEPRINT=microservice IDENTIFIERS_COUNT=2 IDENTIFIERS_0=preview-1 IDENTIFIERS_1=preview-2

  expect "$status" 0 "$stderr"
  expect "$(port_state '[.entities[] | select(.identifier | startswith("preview-"))] | length')" 0
  expect "$(port_state '[.entities[] | select(.identifier == "checkout")] | length')" 1 "only the listed entities are deleted"
}

@test "get-entity takes INCLUDE as a YAML list, joined with commas" {
  pipe COMMAND=get-entity BLUEPRINT=microservice IDENTIFIER=checkout INCLUDE_COUNT=2 INCLUDE_0=identifier INCLUDE_1=title

  expect "$status" 0 "$stderr"
  expect "$(jq -r '.entity | fromjson | keys | join(",")' <<<"$output")" identifier,title
}

@test "create-run, then report-run with the created run's id from the env file" {
  pipe COMMAND=create-run ACTION=rotate_secrets ENTITY=checkout
  expect "$status" 0 "$stderr"
  source_outputs
  [ -n "$PORT_CREATED_RUN_ID" ]

  pipe COMMAND=report-run RUN_ID="$PORT_CREATED_RUN_ID" STATUS=SUCCESS SUMMARY='Rotated from Bitbucket'

  expect "$status" 0 "$stderr"
  expect "$(port_state ".runs[] | select(.id == \"$PORT_CREATED_RUN_ID\") | .status + \" \" + .summary")" "SUCCESS Rotated from Bitbucket"
}

@test "report-deployment reports a DORA deployment named after the Bitbucket build" {
  pipe COMMAND=report-deployment ENVIRONMENT=production STATUS=success LEAD_TIME_HOURS=1.5

  expect "$status" 0 "$stderr"
  expect "$(port_state '[.entities[] | select(.blueprint == "dora_deployment" and .properties.environment == "production" and .properties.deployment_type == "Bitbucket Pipelines")] | length')" 1
}

@test "after-script: report-run with STATUS auto and a failed BITBUCKET_EXIT_CODE ends the run as FAILURE" {
  bitbucket+=(BITBUCKET_EXIT_CODE=1)

  pipe COMMAND=report-run RUN_ID=r_demo_deploy

  expect "$status" 0 "$stderr"
  expect "$(port_state '.runs[] | select(.id == "r_demo_deploy") | .status')" FAILURE
  expect "$(port_state '.runs[] | select(.id == "r_demo_deploy") | [.link] | flatten | .[0]')" https://bitbucket.org/acme/checkout/pipelines/results/42 "the run links to the Bitbucket build"
}

@test "a missing required variable: one error naming it, exit 2, nothing sent" {
  pipe COMMAND=upsert-entity IDENTIFIER=pipe-svc

  expect "$status" 2
  expect "$output" "" "no JSON on stdout"
  [[ $stderr == *"upsert-entity needs the variable BLUEPRINT"* ]]
  expect "$(grep -c 'error' <<<"$stderr")" 1 "one error line"
  expect "$(requests_sent)" 0
}

@test "missing credentials: the error names PORT_CLIENT_ID and PORT_CLIENT_SECRET, nothing sent" {
  pipe_without_credentials COMMAND=get-entity BLUEPRINT=microservice IDENTIFIER=checkout

  expect "$status" 2
  [[ $stderr == *"get-entity needs the variables PORT_CLIENT_ID, PORT_CLIENT_SECRET"* ]]
  expect "$(requests_sent)" 0
}

@test "no COMMAND, or an unknown one: the error lists the commands" {
  pipe BLUEPRINT=microservice
  expect "$status" 2
  [[ $stderr == *"the variable COMMAND is missing: set it to one of create-run delete-entity get-entity report-deployment report-run upsert-entity."* ]]

  pipe COMMAND=get-entities
  expect "$status" 2
  [[ $stderr == *"COMMAND is 'get-entities', which is no command of port-ci"* ]]
  expect "$(requests_sent)" 0
}

@test "a variable of another command is refused, naming the commands that take it" {
  pipe COMMAND=get-entity BLUEPRINT=microservice IDENTIFIER=checkout ENTITIES_FILE=entities.json

  expect "$status" 2
  [[ $stderr == *"ENTITIES_FILE is not a variable of get-entity; it is one of upsert-entity."* ]]
  expect "$(requests_sent)" 0
}

@test "a list given where one value is taken, or both a list and a value, is refused" {
  pipe COMMAND=get-entity BLUEPRINT=microservice IDENTIFIER_COUNT=1 IDENTIFIER_0=checkout
  expect "$status" 2
  [[ $stderr == *"IDENTIFIER is a list (IDENTIFIER_COUNT is set), but IDENTIFIER takes one value."* ]]

  pipe COMMAND=delete-entity BLUEPRINT=microservice IDENTIFIERS=a IDENTIFIERS_COUNT=1 IDENTIFIERS_0=b
  expect "$status" 2
  [[ $stderr == *"IDENTIFIERS is given both as a list and as one value"* ]]
  expect "$(requests_sent)" 0
}

@test "bad input port-ci refuses exits 2 and says which variable to fix" {
  pipe COMMAND=upsert-entity BLUEPRINT=microservice IDENTIFIER=pipe-svc PROPERTIES='{"version": 2.0.0}'

  expect "$status" 2
  [[ $stderr == *"--properties"* ]]
  [[ $stderr == *"each port-ci flag is a variable in upper snake case"* ]]
  expect "$(requests_sent)" 0
}

@test "a value that starts with -- is still the variable's value" {
  pipe COMMAND=upsert-entity BLUEPRINT=microservice IDENTIFIER=pipe-svc TITLE='--not-a-flag'

  expect "$status" 0 "$stderr"
  expect "$(port_state '.entities[] | select(.identifier == "pipe-svc") | .title')" --not-a-flag
}

@test "DEBUG logs the requests, and still no secret or token shows" {
  pipe COMMAND=get-entity BLUEPRINT=microservice IDENTIFIER=checkout DEBUG=true

  expect "$status" 0 "$stderr"
  [[ $stderr == *"/v1/blueprints/microservice/entities/checkout"* ]]
}

@test "a failed command exits 1 with port-ci's error" {
  pipe COMMAND=get-entity BLUEPRINT=microservice IDENTIFIER=no-such-service

  expect "$status" 1
  [[ $stderr == *"no-such-service"* ]]
}

@test "every flag of every command (port-ci --help) is a variable of flags.tsv with the same default, and no more" {
  flags=$BATS_TEST_DIRNAME/../pipe/flags.tsv
  # Flags the pipe leaves out on purpose: the credentials come from PORT_CLIENT_ID and PORT_CLIENT_SECRET, the env
  # file is ENV_FILE, GitLab's dotenv is GitLab's, and two act only on an Azure Pipelines job's result (scripts/ci-flags.js).
  left_out='^--(help|client-id|client-secret-file|client-secret-stdin|env-file|dotenv|failure-details|succeeded-with-issues-as)$'
  for command in $(awk -F '\t' '!/^#/ { print $1 }' "$flags" | sort -u); do
    run --separate-stderr port-ci "$command" --help
    expect "$status" 0 "$stderr"
    help=$output
    from_help=$(sed -nE 's/^  (--[a-z-]+).*$/\1/p' <<<"$help" | grep -Ev "$left_out" | sort)
    in_tsv=$(awk -F '\t' -v c="$command" '$1 == c { print $2 }' "$flags" | sort)
    expect "$in_tsv" "$from_help" "the flags of $command"
    while IFS=$'\t' read -r _ flag variable _ _ default; do
      expect "$variable" "$(sed -E 's/^--//; s/-/_/g' <<<"$flag" | tr '[:lower:]' '[:upper:]')" "$flag's variable"
      help_default=$(grep -E "^  $flag( |$)" <<<"$help" | sed -nE 's/.*[(,] ?default ([^)]*)\).*/\1/p')
      if [ "$flag" = --debug ]; then help_default=false; fi # a switch, off unless given
      if [ "$flag" = --deployment-type ]; then help_default=; fi # none: port-ci names the CI it runs in
      expect "$default" "$help_default" "the default of $command $flag"
    done < <(awk -F '\t' -v c="$command" '$1 == c' "$flags")
  done
}
