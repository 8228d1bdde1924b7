// How this machine publishes a NativeAOT executable for a runtime: shared by stage.js (the tasks) and cli.js (port-ci).
'use strict';

const { hostRuntime } = require('./tasks');

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

module.exports = { canBuildNative, nativeAotArgs };
