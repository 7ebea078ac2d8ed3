#!/usr/bin/env bash
# Builds self-contained application images (and, with --deb, Debian packages) of the Data Provider service and the
# Administration Panel with the JDK's jpackage. Not part of the test build: run it on the platform you package for.
set -euo pipefail
cd "$(dirname "$0")/.."
type="app-image"
[[ "${1:-}" == "--deb" ]] && type="deb"
version=$(mvn -B -q -ntp help:evaluate -Dexpression=project.version -DforceStdout | sed 's/-SNAPSHOT//')
mvn -B -ntp -q -DskipTests package -pl data-provider-service,admin-panel -am
out=installer/target
rm -rf "$out" && mkdir -p "$out/service-input" "$out/panel-input"
cp data-provider-service/target/mailferry-service.jar "$out/service-input/"
cp -r data-provider-service/target/lib "$out/service-input/lib"
cp admin-panel/target/mailferry-panel.jar "$out/panel-input/"
cp -r admin-panel/target/lib "$out/panel-input/lib"

jpackage --type "$type" --dest "$out" --name mailferry --app-version "$version" \
  --input "$out/service-input" --main-jar mailferry-service.jar \
  --description "Mailferry Data Provider service and CLI" --vendor "Mailferry" \
  $( [[ "$type" == "deb" ]] && echo "--linux-package-name mailferry --linux-app-category mail" )

jpackage --type "$type" --dest "$out" --name mailferry-panel --app-version "$version" \
  --input "$out/panel-input" --main-jar mailferry-panel.jar \
  --description "Mailferry Administration Panel" --vendor "Mailferry" \
  $( [[ "$type" == "deb" ]] && echo "--linux-package-name mailferry-panel --linux-shortcut --linux-app-category mail" )

echo "Images in $out. Service unit: installer/linux/mailferry.service"
