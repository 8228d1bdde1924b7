#!/usr/bin/env bash
# Builds every task NativeAOT for win-x64 on Linux and prints each executable's size, raw and Brotli-packed as the
# release ships it: the Windows figures of bench/sizes.js. The link uses lld-link, the Windows SDK's import libraries
# (NuGet package Microsoft.Windows.SDK.CPP.x64) and vcruntime-standin.cpp for the Visual C++ runtime, which no package
# serves: the executables run under Wine, but are for measuring, never for shipping.
#   bash bench/win-aot/build.sh        (needs clang-14, lld-14 and llvm-14: apt-get install clang-14 lld-14 llvm-14)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/.artifacts/win-aot"
sdk_version=10.0.28000.2957
mkdir -p "$out/libs"

# The Windows SDK's import libraries, under the lower-case names the SDK's link command uses.
cat > "$out/sdk.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageDownload Include="Microsoft.Windows.SDK.CPP.x64" Version="[$sdk_version]" /></ItemGroup>
</Project>
PROJECT
dotnet restore "$out/sdk.csproj" -v quiet >/dev/null
sdk="${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.windows.sdk.cpp.x64/$sdk_version/c"
for lib in "$sdk"/um/x64/*; do ln -sf "$lib" "$out/libs/$(basename "$lib" | tr 'A-Z' 'a-z')"; done

clang-14 --target=x86_64-pc-windows-msvc -O2 -c "$here/vcruntime-standin.cpp" -o "$out/vcruntime-standin.obj"
llvm-dlltool-14 -m i386:x86-64 -d "$here/ucrtbase.def" -l "$out/ucrtbase.lib"

# The SDK calls the "MSVC linker" with one response file; lld-link 14 lacks /SOURCELINK, /NATVIS, /NOEXP, /NOIMPLIB.
cat > "$out/link.sh" <<LINKER
#!/usr/bin/env bash
rsp="\${1#@}"
sed -e '1s/^\xEF\xBB\xBF//' -e '/^\/SOURCELINK/d' -e '/^\/NATVIS/d' -e 's#/NOEXP##' -e 's#/NOIMPLIB##' "\$rsp" > "\$rsp.lld"
exec lld-link-14 @"\$rsp.lld" /LIBPATH:"$out/libs" /LIBPATH:"$sdk/ucrt/x64" \
  /NODEFAULTLIB:LIBCMT /NODEFAULTLIB:libcpmt /NODEFAULTLIB:OLDNAMES "$out/vcruntime-standin.obj" "$out/ucrtbase.lib"
LINKER
chmod +x "$out/link.sh"

for task in $(cd "$root/tasks" && ls -d */ | tr -d / ); do
  [ -f "$root/tasks/$task/task.json" ] || continue
  dotnet publish "$root/src/$task" -c Release -r win-x64 -o "$out/$task" --artifacts-path "$out/build" --nologo -v quiet \
    -p:PublishAot=true -p:DisableUnsupportedError=true -p:IlcUseEnvironmentalTools=true -p:CppLinker="$out/link.sh" >/dev/null
  exe="$out/$task/$task.exe"
  node -e '
    const zlib = require("zlib"), fs = require("fs");
    const { brotliOptions } = require(process.argv[3]);
    const bytes = fs.readFileSync(process.argv[1]);
    const packed = zlib.brotliCompressSync(bytes, brotliOptions(11, bytes.length)); // as stage.js packs a release
    fs.writeFileSync(process.argv[1] + ".br", packed);
    console.log(`${process.argv[2]} win-x64 NativeAOT: ${bytes.length} bytes raw, ${packed.length} Brotli 11`);' "$exe" "$task" "$root/scripts/tasks.js"
done
