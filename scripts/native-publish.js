// How this machine publishes a NativeAOT executable for a runtime: shared by stage.js (the tasks) and cli.js (port-ci).
'use strict';

const { hostRuntime } = require('./tasks');

/** The runtimes a build script makes: --rids linux-x64,linux-arm64 on its command line, else PORT_RIDS, else this machine's. */
function requestedRuntimes(argv) {
  const at = argv.indexOf('--rids');
  return (at >= 0 ? argv[at + 1] || '' : process.env.PORT_RIDS || hostRuntime()).split(',').map((r) => r.trim()).filter(Boolean);
}

/** Whether this machine can build rid natively: NativeAOT compiles only for the host OS (Linux arm64 cross-compiles with clang and lld). */
function canBuildNative(rid) {
  return rid.split('-')[0] === hostRuntime().split('-')[0];
}

/** The dotnet publish arguments that make rid's build NativeAOT, cross-compiling Linux arm64 on an x64 host. */
function nativeAotArgs(rid) {
  const args = ['-p:PublishAot=true'];
  if (rid !== hostRuntime() && rid.endsWith('arm64') && process.arch === 'x64') {
    args.push('-p:CppCompilerAndLinker=clang-14', '-p:LinkerFlavor=lld', '-p:ObjCopyName=aarch64-linux-gnu-objcopy');
  }
  return args;
}

module.exports = { requestedRuntimes, canBuildNative, nativeAotArgs };
