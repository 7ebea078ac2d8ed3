#!/usr/bin/env bash
# Builds the self-contained application image of Mailferry with the JDK's jlink and jpackage:
# installer/target/images/mailferry with two launchers, bin/mailferry (the service and CLI) and bin/mailferry-panel
# (the Administration Panel), each with its own class path (lib/app/mailferry.cfg, lib/app/mailferry-panel.cfg) and
# one trimmed Java runtime (lib/runtime), so nothing needs a Java installed. Linux; installer/build-deb.sh wraps it
# into a Debian package. Windows and macOS: docs/installation.md (jpackage cannot cross-build).
#
#   installer/build-images.sh [--reuse-jars]
#     --reuse-jars  use data-provider-service/target and admin-panel/target as they are when both jars exist
#                   (CI, right after `mvn verify`); otherwise the jars are built first with Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

reuse_jars=false
for arg in "$@"; do
    case "$arg" in
        --reuse-jars) reuse_jars=true ;;
        *) echo "Unknown option: $arg (usage: installer/build-images.sh [--reuse-jars])" >&2; exit 2 ;;
    esac
done
for tool in jlink jpackage jdeps; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: install a full JDK 17 or newer (with jmods)." >&2; exit 1; }
done
jdk=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
[[ -d "$jdk/jmods" ]] || { echo "The JDK in $jdk has no jmods, which jlink needs (Debian: openjdk-17-jdk-headless)." >&2; exit 1; }

service_jar=data-provider-service/target/mailferry-service.jar
panel_jar=admin-panel/target/mailferry-panel.jar
if ! $reuse_jars || [[ ! -f $service_jar || ! -f $panel_jar ]]; then
    echo "Building the jars with Maven ..."
    mvn -B -ntp -q -DskipTests package -pl data-provider-service,admin-panel -am
fi

# 0.1.0-SNAPSHOT -> 0.1.0: jpackage takes numbers only; the package version (build-deb.sh) keeps the suffix
version=$(sed -n '/<artifactId>mailferry-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;q}' pom.xml)
app_version=${version%%-*}

out=installer/target
rm -rf "$out/images" "$out/runtime" "$out/input"
mkdir -p "$out/images" "$out/input/service" "$out/input/panel"
cp "$service_jar" "$out/input/service/" && cp -r data-provider-service/target/lib "$out/input/service/lib"
cp "$panel_jar" "$out/input/panel/" && cp -r admin-panel/target/lib "$out/input/panel/lib"

# The modules the code needs (jdeps), plus those loaded only by name at run time, which jdeps cannot see: elliptic
# curves for TLS, the mail charsets beyond UTF-8/ISO-8859-x, locale data, DNS, Kerberos/SASL for IMAP logins, zipfs,
# the JMX agent, and AWT/Swing glue of JavaFX.
modules() {
    jdeps --ignore-missing-deps --print-module-deps --multi-release 17 --class-path "$1/lib/*" "$1/$2" | tail -n 1
}
extra=jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,jdk.naming.dns,java.security.jgss,jdk.security.auth,jdk.zipfs,jdk.management,jdk.unsupported,jdk.unsupported.desktop
all=$(modules "$out/input/service" mailferry-service.jar),$(modules "$out/input/panel" mailferry-panel.jar),$extra
all=$(tr ',' '\n' <<<"$all" | sed '/^$/d' | sort -u | paste -sd,)
echo "Java runtime modules: $all"
# --generate-cds-archive: the runtime's own classes are mapped from a class-data sharing archive, as in a full JDK
# (without it every command of a trimmed runtime parses them again: docs/performance.md, "Start-up of a command").
jlink --add-modules "$all" --output "$out/runtime" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --generate-cds-archive

common=(--type app-image --app-version "$app_version" --vendor Mailferry
        --runtime-image "$out/runtime" --copyright "Mailferry contributors")
# The service's and CLI's launcher leaves C2 to the hottest code but the JDK's AES-GCM, as ./mailferry does (ADR 0029;
# CompileCommand=quiet must come before the other, or the JVM prints it on standard output), and sends the JVM's own
# warnings to stderr, never into a command's JSON or CSV; the parallel collector (as ./mailferry serve: ADR 0042; the
# heap's size is the admin's, JAVA_TOOL_OPTIONS: ADR 0040)
# SQLite's native library as the build unpacked it (data-provider-service/pom.xml), into the image and loaded from there
# instead of from a temporary file written at every start (as ./mailferry does); on another platform, or if it does not
# load, sqlite-jdbc finds its own as before
sqlite_opts=()
native=data-provider-service/target/sqlite-native/org/sqlite/native/Linux/$(uname -m)/libsqlitejdbc.so
if [[ -f "$native" ]]; then
    mkdir -p "$out/input/service/native" && cp "$native" "$out/input/service/native/"
    sqlite_opts=(--java-options '-Dorg.sqlite.lib.path=$APPDIR/native' --java-options -Dorg.sqlite.lib.name=libsqlitejdbc.so)
fi
jpackage "${common[@]}" --dest "$out/images" --name mailferry --input "$out/input/service" --main-jar mailferry-service.jar \
    --description "Mailferry Data Provider service and CLI" "${sqlite_opts[@]}" \
    --java-options "-Dfile.encoding=UTF-8" --java-options "-Djava.awt.headless=true" \
    --java-options "-Xlog:disable" --java-options "-Xlog:all=warning:stderr" \
    --java-options "-XX:Tier4InvocationThreshold=50000" --java-options "-XX:Tier4MinInvocationThreshold=20000" \
    --java-options "-XX:Tier4CompileThreshold=150000" --java-options "-XX:Tier4BackEdgeThreshold=400000" \
    --java-options "-XX:MaxInlineLevel=6" --java-options "-XX:InlineSmallCode=1000" \
    --java-options "-XX:CompileCommand=quiet" \
    --java-options "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1" \
    --java-options "-XX:+UseParallelGC"
jpackage "${common[@]}" --dest "$out/input" --name mailferry-panel --input "$out/input/panel" --main-jar mailferry-panel.jar \
    --main-class io.mailferry.admin.Launcher --description "Mailferry Administration Panel" \
    --java-options "-Dfile.encoding=UTF-8"
# One image with both launchers: a jpackage launcher that a package installed asks the package manager where its
# application is, and finds the package's first image (/opt/mailferry) — a second image in the same package would
# never find its configuration. So the panel's launcher, jars and configuration move into the service's image, its
# class path under lib/app/panel (jpackage's --add-launcher cannot give a launcher a class path of its own).
image=$out/images/mailferry panel=$out/input/mailferry-panel
cp "$panel/bin/mailferry-panel" "$image/bin/"
mkdir "$image/lib/app/panel"
cp -r "$panel/lib/app/mailferry-panel.jar" "$panel/lib/app/lib" "$image/lib/app/panel/"
sed 's#^app\.classpath=\$APPDIR/#app.classpath=$APPDIR/panel/#' "$panel/lib/app/mailferry-panel.cfg" \
    > "$image/lib/app/mailferry-panel.cfg"
cp "$panel/lib/mailferry-panel.png" "$image/lib/"
rm -rf "$out/input" "$out/runtime"
echo "Image of Mailferry $version: $image (bin/mailferry: service and CLI; bin/mailferry-panel: the panel)"
