#!/usr/bin/env bash
# Builds the self-contained application image of Mailferry with the JDK's jlink and jpackage:
# installer/target/images/mailferry with two launchers, bin/mailferry (the service and CLI) and bin/mailferry-panel
# (the Administration Panel), each with its own class path (lib/app/mailferry.cfg, lib/app/mailferry-panel.cfg) and
# one trimmed Java runtime (lib/runtime), so nothing needs a Java installed. On Linux bin/mailferry is instead a script
# that starts that runtime with each command's own flags (installer/linux/mailferry, lib/app/jvm-options.sh; ADR 0048). Linux; installer/build-deb.sh wraps it
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
# SQLite's native library as the build unpacked it (data-provider-service/pom.xml), into the image and loaded from there
# (lib/app/native) instead of from a temporary file written at every start (as ./mailferry does); on another platform,
# or if it does not load, sqlite-jdbc finds its own as before
native=data-provider-service/target/sqlite-native/org/sqlite/native/Linux/$(uname -m)/libsqlitejdbc.so
if [[ -f "$native" ]]; then
    mkdir -p "$out/input/service/native" && cp "$native" "$out/input/service/native/"
fi
# The image's layout and its class path come from jpackage, whose launcher bin/mailferry (one set of JVM options for
# every command) is replaced below by installer/linux/mailferry, which starts the runtime with each command's own flags
# from the list ./mailferry uses (ADR 0048); the Windows recipe keeps its jpackage launcher (build-msi.ps1)
jpackage "${common[@]}" --dest "$out/images" --name mailferry --input "$out/input/service" --main-jar mailferry-service.jar \
    --description "Mailferry Data Provider service and CLI"
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
if [[ $(uname -s) == Linux ]]; then
    # bin/mailferry: the image's runtime with each command's own flags (installer/linux/mailferry), instead of the
    # jpackage launcher's one set: an installed one-mailbox `migrate` had the service's collector and no heap cap
    # (689 MiB resident for 20,000 messages instead of 241) and no archive of its classes (a no-op 1.35 s instead of
    # about 0.7; docs/performance.md, issue 10 part 21)
    rm "$image/bin/mailferry" "$image/lib/app/mailferry.cfg"
    install -m 0755 installer/linux/mailferry "$image/bin/mailferry"
    install -m 0644 data-provider-service/src/main/launcher/jvm-options.sh "$image/lib/app/jvm-options.sh"
    # its archive of the migration's classes is made where the image is installed (a JDK 17 archive maps only for the
    # paths it was made with): the Debian package's postinst, mailferry_make_archive of jvm-options.sh
fi
rm -rf "$out/input" "$out/runtime"
echo "Image of Mailferry $version: $image (bin/mailferry: service and CLI; bin/mailferry-panel: the panel)"
