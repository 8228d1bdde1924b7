#!/usr/bin/env bash
# Publishes a tiny Port.Client program NativeAOT for linux-x64 and prints its size (raw and gzipped) and warning count.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
log=$(mktemp)
dotnet publish bench/ClientAot -r linux-x64 -c Release -p:PublishAot=true -o "$out" 2>&1 | tee "$log" | tail -n 3
warnings=$(grep -cE 'warning (IL|CS)[0-9]+' "$log" || true)
bin="$out/ClientAot"
printf 'NativeAOT linux-x64: %s bytes raw, %s bytes gzip -9, %s trim/AOT warnings\n' \
  "$(stat -c %s "$bin")" "$(gzip -9 -c "$bin" | wc -c)" "$warnings"
rm -rf "$out" "$log"
