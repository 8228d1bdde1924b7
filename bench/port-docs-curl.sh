#!/bin/sh
# The curl | jq way of Port's docs for any CI, for bench/cli-startup.js to time beside port-ci: take an access token,
# read one entity, print one of its properties. Written for this benchmark, POSIX sh, curl and jq only.
#   PORT_CLIENT_ID=... PORT_CLIENT_SECRET=... [PORT_BASE_URL=https://api.getport.io] sh bench/port-docs-curl.sh BLUEPRINT IDENTIFIER PROPERTY
set -eu
api="${PORT_BASE_URL:-https://api.getport.io}"
api="${api%/}/v1"

token=$(curl -sSf -X POST "$api/auth/access_token" -H 'Content-Type: application/json' \
  -d "{\"clientId\": \"$PORT_CLIENT_ID\", \"clientSecret\": \"$PORT_CLIENT_SECRET\"}" | jq -r .accessToken)

curl -sSf "$api/blueprints/$1/entities/$2" -H "Authorization: Bearer $token" | jq -r ".entity.properties.$3"
