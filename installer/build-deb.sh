#!/usr/bin/env bash
# Builds the Debian package of Mailferry from a clean checkout: the jars (Maven), the self-contained images
# (installer/build-images.sh) and installer/target/mailferry_VERSION_ARCH.deb, which installs the service under
# systemd, the CLI on the PATH and the panel in the desktop menu. Layout and maintainer scripts: installer/linux.
#
#   installer/build-deb.sh [--version V] [--reuse-jars] [--reuse-images] [--fast]
#     --version V     package version (default: the Maven version, 0.1.0-SNAPSHOT -> 0.1.0~snapshot)
#     --reuse-jars    passed to build-images.sh: keep jars that exist (CI, after `mvn verify`)
#     --reuse-images  keep installer/target/images when it exists (a second package of other version, in tests)
#     --fast          gzip -1 instead of xz: a larger file, built in seconds (tests)
# Needs jpackage (JDK 17+ with jmods) and dpkg-deb; no root (the archive's files are owned by root:root anyway).
set -euo pipefail
umask 022 # dpkg-deb refuses control directories below 0755, and /etc/mailferry must stay readable by the group
cd "$(dirname "${BASH_SOURCE[0]}")/.."

version="" reuse_jars="" reuse_images=false compress=(-Zxz)
while (( $# > 0 )); do
    case "$1" in
        --version) version=${2:?--version needs a value}; shift ;;
        --reuse-jars) reuse_jars=--reuse-jars ;;
        --reuse-images) reuse_images=true ;;
        --fast) compress=(-Zgzip -z1) ;;
        *) echo "Unknown option: $1 (see the top of installer/build-deb.sh)" >&2; exit 2 ;;
    esac
    shift
done
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is missing: build the .deb on Debian or Ubuntu." >&2; exit 1; }

if [[ -z "$version" ]]; then
    version=$(sed -n '/<artifactId>mailferry-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;q}' pom.xml)
    version=${version/-SNAPSHOT/~snapshot}
fi
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || { echo "Not a Debian version: $version" >&2; exit 2; }

out=installer/target
# an image from before ADR 0048 (no lib/app/jvm-options.sh) is built again: its postinst would have nothing to source
if ! $reuse_images || [[ ! -x $out/images/mailferry/bin/mailferry || ! -x $out/images/mailferry/bin/mailferry-panel \
        || ! -f $out/images/mailferry/lib/app/jvm-options.sh ]]; then
    installer/build-images.sh $reuse_jars
fi

linux=installer/linux
root=$out/deb-root
rm -rf "$root"
mkdir -p "$root/opt" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/mailferry" \
    "$root/usr/share/applications" "$root/usr/share/doc/mailferry" "$root/DEBIAN"
cp -a "$out/images/mailferry" "$root/opt/"
ln -s /opt/mailferry/bin/mailferry "$root/usr/bin/mailferry"
ln -s /opt/mailferry/bin/mailferry-panel "$root/usr/bin/mailferry-panel"
install -m 0644 $linux/mailferry.service "$root/lib/systemd/system/"
install -m 0644 $linux/mailferry.conf "$root/etc/mailferry/"
install -m 0644 $linux/mailferry-panel.desktop "$root/usr/share/applications/"
install -m 0644 docs/installation.md README.md "$root/usr/share/doc/mailferry/"
install -m 0755 $linux/debian/postinst $linux/debian/prerm $linux/debian/postrm "$root/DEBIAN/"
install -m 0644 $linux/debian/conffiles "$root/DEBIAN/"
chmod -R u+rwX,go+rX,go-w "$root/opt"

# Depends: the Debian packages of the shared libraries the service's runtime links against (as jpackage computes
# them). The panel's GTK and OpenGL are only recommended: a server without a desktop needs the service alone.
# The service runs headless: the X11 toolkit, splash screen and sound libraries of the runtime are the panel's.
# bin/mailferry is a shell script (ADR 0048), which ldd refuses.
depends=$(find "$root/opt/mailferry" -type f \( -name '*.so' -o -path '*/bin/*' \) ! -path '*/lib/app/*' \
        ! -path "$root/opt/mailferry/bin/mailferry" \
        ! -name libawt_xawt.so ! -name libsplashscreen.so ! -name libjsound.so -exec ldd {} + 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u \
    | while read -r lib; do dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || true; done \
    | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$(dpkg --print-architecture)/" -e "s/@SIZE@/$size/" \
    -e "s/@DEPENDS@/${depends:-libc6}/" $linux/debian/control > "$root/DEBIAN/control"

deb=$out/mailferry_${version}_$(dpkg --print-architecture).deb
rm -f "$out"/mailferry_"${version}"_*.deb
dpkg-deb --root-owner-group "${compress[@]}" --build "$root" "$deb" >/dev/null
rm -rf "$root"
echo "Built $deb ($(du -h "$deb" | cut -f1)). Install: sudo apt install ./$deb"
