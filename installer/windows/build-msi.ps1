# Builds the Windows installer of Mailferry: installer\target\Mailferry-VERSION.msi, which installs the service and
# CLI (mailferry.exe) and the panel (mailferry-panel.exe, Start menu) in one image, registers the Windows service
# "mailferry" through WinSW (automatic start, account LocalService, restarted when it fails), prepares
# %ProgramData%\Mailferry for it and starts it. Upgrades in place (fixed UpgradeCode); uninstalling removes the service
# and keeps the data. The Windows twin of installer/build-images.sh + build-deb.sh; not built by CI (no Windows there).
#
#   powershell -File installer\windows\build-msi.ps1 -WinSW C:\tools\WinSW-x64.exe [-SkipMaven]
# Needs: a JDK 17+ with jmods (jlink, jpackage, jdeps on the PATH), Maven, the WiX Toolset 3.14 (heat, candle, light
# on the PATH), WinSW 2.12 (WinSW-x64.exe from https://github.com/winsw/winsw/releases/tag/v2.12.0).
param(
    [Parameter(Mandatory = $true)][string]$WinSW,
    [switch]$SkipMaven
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
foreach ($tool in "jlink", "jpackage", "jdeps", "heat", "candle", "light") {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is missing from the PATH (see the top of this script)." }
}
if (-not (Test-Path $WinSW)) { throw "WinSW is not at $WinSW." }
if (-not $SkipMaven) { mvn -B -ntp -q -DskipTests package -pl data-provider-service,admin-panel -am; if ($LASTEXITCODE) { throw "Maven failed." } }

$version = ([xml](Get-Content pom.xml)).project.version -replace '-.*$', ''   # 0.1.0-SNAPSHOT -> 0.1.0
$out = "installer\target\windows"
Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force "$out\input\service", "$out\input\panel", "$out\images" | Out-Null
Copy-Item data-provider-service\target\mailferry-service.jar "$out\input\service\"
Copy-Item -Recurse data-provider-service\target\lib "$out\input\service\lib"
Copy-Item admin-panel\target\mailferry-panel.jar "$out\input\panel\"
Copy-Item -Recurse admin-panel\target\lib "$out\input\panel\lib"

# The same runtime modules as on Linux (installer/build-images.sh explains the names jdeps cannot see)
function Modules($dir, $jar) {
    (jdeps --ignore-missing-deps --print-module-deps --multi-release 17 --class-path "$dir\lib\*" "$dir\$jar" | Select-Object -Last 1)
}
$extra = "jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,jdk.naming.dns,java.security.jgss,jdk.security.auth,jdk.zipfs,jdk.management,jdk.unsupported,jdk.unsupported.desktop"
$all = ((Modules "$out\input\service" mailferry-service.jar) + "," + (Modules "$out\input\panel" mailferry-panel.jar) + "," + $extra).Split(",") |
    Where-Object { $_ } | Sort-Object -Unique
jlink --add-modules ($all -join ",") --output "$out\runtime" --strip-debug --no-header-files --no-man-pages --compress=2

$common = @("--type", "app-image", "--app-version", $version, "--vendor", "Mailferry", "--runtime-image", "$out\runtime")
# --win-console: mailferry.exe is the CLI too, and WinSW stops the service with Ctrl+C, which it handles like SIGTERM.
# The JVM options are the service's of data-provider-service/src/main/launcher/jvm-options.sh, the list ./mailferry and
# the Linux image use, without its heap cap (JAVA_TOOL_OPTIONS in mailferry-service.xml; WindowsRecipeTest keeps them
# the same): C2 left to the hottest code but the JDK's AES-GCM (ADR 0029; CompileCommand=quiet first), the JVM's own
# warnings on stderr, the parallel collector with half the heap young (ADR 0042). Every command runs with them here: a
# jpackage launcher has one set (the Linux image picks each command's own, ADR 0048).
# Each option stays in double quotes: PowerShell would split the unquoted commas of CompileThresholdScaling.
jpackage @common --dest "$out\images" --name mailferry --input "$out\input\service" --main-jar mailferry-service.jar `
    --win-console --java-options "-Dfile.encoding=UTF-8" --java-options "-Djava.awt.headless=true" `
    --java-options "-Xlog:disable" --java-options "-Xlog:all=warning:stderr" `
    --java-options "-Xlog:cds=off:stderr" --java-options "-Xlog:cds+dynamic=off:stderr" `
    --java-options "-XX:Tier4InvocationThreshold=50000" --java-options "-XX:Tier4MinInvocationThreshold=20000" `
    --java-options "-XX:Tier4CompileThreshold=150000" --java-options "-XX:Tier4BackEdgeThreshold=400000" `
    --java-options "-XX:MaxInlineLevel=6" --java-options "-XX:InlineSmallCode=1000" `
    --java-options "-XX:CompileCommand=quiet" `
    --java-options "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1" `
    --java-options "-XX:+UseParallelGC" --java-options "-XX:NewRatio=1"
jpackage @common --dest "$out\input" --name mailferry-panel --input "$out\input\panel" --main-jar mailferry-panel.jar `
    --main-class io.mailferry.admin.Launcher --java-options "-Dfile.encoding=UTF-8"

# One image with both launchers (as on Linux): the panel's launcher, jars and configuration move into the service's
# image, its class path under app\panel.
$image = "$out\images\mailferry"; $panel = "$out\input\mailferry-panel"
Copy-Item "$panel\mailferry-panel.exe" "$image\"
New-Item -ItemType Directory "$image\app\panel" | Out-Null
Copy-Item -Recurse "$panel\app\mailferry-panel.jar", "$panel\app\lib" "$image\app\panel\"
(Get-Content "$panel\app\mailferry-panel.cfg") -replace '^app\.classpath=\$APPDIR[\\/]', 'app.classpath=$APPDIR\panel\' |
    Set-Content -Encoding ASCII "$image\app\mailferry-panel.cfg"
# The service wrapper and its files stay out of the harvest: mailferry.wxs installs them in the component that
# registers the service (Windows Installer wants the service's program and its ServiceInstall in one component).
$wrapper = "$out\wrapper"
New-Item -ItemType Directory $wrapper | Out-Null
Copy-Item $WinSW "$wrapper\mailferry-service.exe"
Copy-Item installer\windows\mailferry-service.xml, installer\windows\install-service.ps1 "$wrapper\"

# The .msi: the image harvested by heat, plus installer\windows\mailferry.wxs (service, data preparation, shortcut)
heat dir $image -nologo -cg AppImage -dr INSTALLDIR -srd -sreg -gg -var var.ImageDir -out "$out\appimage.wxs"
candle -nologo -arch x64 -ext WixUtilExtension -dVersion="$version" -dImageDir="$image" -dWrapperDir="$wrapper" -out "$out\" `
    installer\windows\mailferry.wxs "$out\appimage.wxs"
light -nologo -ext WixUtilExtension -out "installer\target\Mailferry-$version.msi" "$out\mailferry.wixobj" "$out\appimage.wixobj"
if ($LASTEXITCODE) { throw "WiX failed." }
Write-Host "Installer of Mailferry ${version}: installer\target\Mailferry-$version.msi"
