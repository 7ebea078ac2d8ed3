#!/usr/bin/env bash
# Tests the Debian package for real on this machine (root, Debian/Ubuntu, jpackage, dpkg, dovecot-imapd):
#  1. builds two packages of the same images, versions ~ci1 and ~ci2 (installer/build-deb.sh --fast);
#  2. installs ~ci1: the mailferry user and group, /var/lib/mailferry (0750), the enabled unit, /usr/bin/mailferry,
#     the panel's desktop entry;
#  3. starts the service as systemd would (the unit's User, Group, UMask, Environment, EnvironmentFile and ExecStart;
#     without a running systemd, through setpriv), gets GET /api/v1/health with the installed token;
#  4. as an admin in the mailferry group, with no option or variable, migrates a mailbox through the installed CLI
#     between two users of a private Dovecot (free loopback ports, its own config; no system Dovecot is touched);
#     a user outside the group cannot read the token; `mailferry migrate` copies it to a third user without the
#     service, its JVM started with the flags of that command (ADR 0048);
#  5. upgrades to ~ci2 over it: the job and its ledger are still there, and a delta pass copies nothing;
#  6. removes the package (the data stays), then purges it (the data goes).
# It refuses to run when a mailferry package is installed already (it would be replaced and purged).
#
#   installer/test-deb.sh [--reuse-jars]    # --reuse-jars: CI, right after `mvn verify` built the jars
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
started=$SECONDS
reuse_jars=""
[[ "${1:-}" == "--reuse-jars" ]] && reuse_jars=--reuse-jars

step() { printf '[test-deb %3ds] %s\n' $((SECONDS - started)) "$*"; }
fail() { echo "test-deb FAILED: $*" >&2; exit 1; }
check() { local what=$1; shift; "$@" || fail "$what"; }

[[ $(id -u) == 0 ]] || fail "it installs a package for real: run it as root (on a throwaway machine or container)."
for tool in jpackage dpkg dpkg-deb dovecot setpriv curl; do
    command -v $tool >/dev/null || fail "$tool is missing."
done
if dpkg-query -W -f='${Status}' mailferry 2>/dev/null | grep -q 'installed'; then
    fail "a mailferry package is installed already; this test would replace and purge it. Remove it first: dpkg --purge mailferry"
fi

work=$(mktemp -d /tmp/mailferry-test-deb.XXXXXX)
chmod 755 "$work"
service_pid="" dovecot_conf="" installed=false
cleanup() {
    set +e
    [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
    [[ -n "$dovecot_conf" ]] && doveadm -c "$dovecot_conf" stop 2>/dev/null
    $installed && dpkg --purge mailferry >/dev/null 2>&1
    for u in mfadmin mfoutsider; do getent passwd $u >/dev/null && userdel $u 2>/dev/null; done
    [[ -f "$work/service-ci1.jar" ]] && cp -p "$work/service-ci1.jar" "$image_jar" # the image as built, whatever failed
    rm -rf "$work"
    rm -f "${deb1:-}" "${deb2:-}"
}
trap cleanup EXIT

# ---- 1. two packages of one build
step "building the images and two packages (~ci1, ~ci2)"
base=$(sed -n '/<artifactId>mailferry-parent<\/artifactId>/{n;s:.*<version>\([0-9.]*\).*</version>.*:\1:p;q}' pom.xml)
installer/build-deb.sh --fast $reuse_jars --version "$base~ci1" >/dev/null
# ~ci2 carries one schema migration more than ~ci1, so that the upgrade migrates a real installed database at start
image_jar=installer/target/images/mailferry/lib/app/mailferry-service.jar
cp -p "$image_jar" "$work/service-ci1.jar"
mkdir -p "$work/probe/db/migration"
printf "CREATE TABLE upgrade_probe (note TEXT NOT NULL);\nINSERT INTO upgrade_probe VALUES ('added by ~ci2');\n" \
    > "$work/probe/db/migration/V999__upgrade_probe.sql"
jar uf "$image_jar" -C "$work/probe" db/migration/V999__upgrade_probe.sql
installer/build-deb.sh --fast --reuse-images --version "$base~ci2" >/dev/null
cp -p "$work/service-ci1.jar" "$image_jar"
arch=$(dpkg --print-architecture)
deb1=$repo/installer/target/mailferry_${base}~ci1_$arch.deb
deb2=$repo/installer/target/mailferry_${base}~ci2_$arch.deb
check "the packages were not built" test -f "$deb1" -a -f "$deb2"

# ---- a private Dovecot: source user anna with 5 messages, empty target users bob and carl
step "starting a private Dovecot"
free_port() {
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
    done
}
imap_port=$(free_port)
mkdir -p "$work/dovecot/base" "$work/dovecot/state" "$work/dovecot/mail"
printf 'anna:{PLAIN}anna-pw\nbob:{PLAIN}bob-pw\ncarl:{PLAIN}carl-pw\n' > "$work/dovecot/users"
dovecot_conf=$work/dovecot/dovecot.conf
cat > "$dovecot_conf" <<EOF
base_dir = $work/dovecot/base
state_dir = $work/dovecot/state
log_path = $work/dovecot/dovecot.log
instance_name = mailferry-test-deb-$$
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 8
mail_uid = mail
mail_gid = mail
mail_fsync = never
mail_location = maildir:$work/dovecot/mail/%u:LAYOUT=fs
passdb {
  driver = passwd-file
  args = scheme=PLAIN $work/dovecot/users
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$work/dovecot/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
  prefix =
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF
for user in anna bob carl; do mkdir -p "$work/dovecot/mail/$user/cur" "$work/dovecot/mail/$user/new" "$work/dovecot/mail/$user/tmp"; done
for i in 1 2 3 4 5; do
    printf 'From: anna@old.example\r\nTo: anna@new.example\r\nSubject: Test message %s\r\nDate: Mon, 1 Jun 2026 10:0%s:00 +0000\r\nMessage-ID: <test-deb-%s@old.example>\r\n\r\nBody %s.\r\n' \
        $i $i $i $i > "$work/dovecot/mail/anna/cur/17000000$i.M${i}P1.test:2,S"
done
chown -R mail:mail "$work/dovecot/mail"
dovecot -c "$dovecot_conf"
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$imap_port) 2>/dev/null && break; sleep 0.1; done
count_target() { find "$work/dovecot/mail/${1:-bob}" -type f \( -path '*/cur/*' -o -path '*/new/*' \) | grep -c . || true; }

# ---- 2. install
step "installing ~ci1"
dpkg -i "$deb1" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i of ~ci1 failed (missing dependencies? apt-get -f install)."; }
installed=true
check "no mailferry system user" test "$(getent passwd mailferry | cut -d: -f6)" = /var/lib/mailferry
check "/var/lib/mailferry is not mailferry:mailferry 0750" test "$(stat -c '%U:%G %a' /var/lib/mailferry)" = "mailferry:mailferry 750"
check "mailferry is not on the PATH" test "$(readlink -f "$(command -v mailferry)")" = /opt/mailferry/bin/mailferry
check "the unit is not enabled" test -L /etc/systemd/system/multi-user.target.wants/mailferry.service
check "no desktop entry for the panel" grep -q '^Exec=/opt/mailferry/bin/mailferry-panel$' /usr/share/applications/mailferry-panel.desktop
check "the desktop entry's icon is missing" test -f "$(sed -n 's/^Icon=//p' /usr/share/applications/mailferry-panel.desktop)"
panel_out=$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 60 /usr/bin/mailferry-panel 2>&1 || true)
check "the installed panel did not reach JavaFX: $panel_out" grep -q 'Unable to open DISPLAY' <<<"$panel_out"

# ---- 3. the service as the unit runs it
unit=/lib/systemd/system/mailferry.service
start_service() {
    local user group umask exec env=(PATH=/usr/sbin:/usr/bin:/sbin:/bin) kv file
    user=$(sed -n 's/^User=//p' $unit); group=$(sed -n 's/^Group=//p' $unit); umask=$(sed -n 's/^UMask=//p' $unit)
    for kv in $(sed -n 's/^Environment=//p' $unit); do env+=("$kv"); done
    file=$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' $unit)
    [[ -f "$file" ]] && while IFS= read -r kv; do env+=("$kv"); done < <(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$file")
    exec=$(sed -n 's/^ExecStart=//p' $unit)
    # as systemd: EnvironmentFile= settings override Environment= ones (later entries win here)
    local -A vals=(); local k
    for kv in "${env[@]}"; do vals[${kv%%=*}]=${kv#*=}; done
    for k in "${!vals[@]}"; do exec=${exec//\$\{$k\}/${vals[$k]}}; done
    # where systemd runs, the package started the real unit: stop it, the test runs the service itself
    if [[ -d /run/systemd/system ]]; then systemctl stop mailferry.service 2>/dev/null || true; fi
    rm -f /var/lib/mailferry/service.url
    # setpriv execs (no fork), so $! is the service itself, to stop with SIGTERM as systemd does
    setpriv --reuid="$user" --regid="$group" --init-groups env -i "${env[@]}" HOME=/var/lib/mailferry \
        sh -c "umask $umask; exec $exec" >>"$work/service.out" 2>&1 &
    service_pid=$!
    for _ in $(seq 300); do
        [[ -s /var/lib/mailferry/service.url ]] && return 0
        kill -0 $service_pid 2>/dev/null || { cat "$work/service.out"; fail "the service exited at start."; }
        sleep 0.1
    done
    cat "$work/service.out"; fail "the service wrote no service.url within 30 s."
}
stop_service() {
    kill "$service_pid"; wait "$service_pid" || true; service_pid=""
    check "the service left service.url behind" test ! -e /var/lib/mailferry/service.url
}
# a license key from an issuer of this run, whose public key the admin places in the data directory
installer/tools/issue-license --licensee "Package test licensee" --seats 5 --days 30 --trust-in /var/lib/mailferry \
    --out "$work/license.key" >/dev/null
chown -R mailferry:mailferry /var/lib/mailferry/license-issuers && chmod 644 "$work/license.key"
step "starting the service as its unit does"
start_service
check "the service does not run as mailferry" test "$(ps -o user= -p $service_pid)" = mailferry
check "api-token is not 0640 mailferry:mailferry" test "$(stat -c '%U:%G %a' /var/lib/mailferry/api-token)" = "mailferry:mailferry 640"
check "service.url is not 0640" test "$(stat -c '%a' /var/lib/mailferry/service.url)" = 640
check "secret.key is not 0600" test "$(stat -c '%a' /var/lib/mailferry/secret.key)" = 600
check "mailferry.db is not 0600" test "$(stat -c '%a' /var/lib/mailferry/mailferry.db)" = 600
check "the installed service's heap is not capped (JAVA_TOOL_OPTIONS of the unit and mailferry.conf, ADR 0040)" \
    grep -Eq 'a Java heap of at most 6[0-4][0-9] MB' /var/lib/mailferry/logs/service.log # 618 with the serial collector
health=$(curl -fsS -H "Authorization: Bearer $(cat /var/lib/mailferry/api-token)" "$(cat /var/lib/mailferry/service.url)/api/v1/health")
check "GET /api/v1/health: $health" grep -q '/var/lib/mailferry' <<<"$health"

# ---- 4. an admin of the mailferry group migrates with the installed CLI, finding the service by itself
useradd --create-home --home-dir "$work/mfadmin" --groups mailferry mfadmin
useradd --no-create-home mfoutsider
check "a user outside the mailferry group can read the token" \
    test "$(setpriv --reuid=mfoutsider --regid=mfoutsider --init-groups cat /var/lib/mailferry/api-token 2>/dev/null)" = ""
as_admin() {
    setpriv --reuid=mfadmin --regid=mfadmin --init-groups env -i PATH=/usr/bin:/bin HOME="$work/mfadmin" \
        LANG=C.UTF-8 SRC_PW=anna-pw TGT_PW=bob-pw "$@"
}
step "migrating anna -> bob through the installed CLI as a member of the mailferry group"
src=$(as_admin mailferry connections add --name Source --role source --host 127.0.0.1 --port $imap_port \
    --security none --user anna --password-env SRC_PW | sed -n 's/^Added connection \([^ ]*\) .*/\1/p')
tgt=$(as_admin mailferry connections add --name Target --role target --host 127.0.0.1 --port $imap_port \
    --security none --user bob --password-env TGT_PW | sed -n 's/^Added connection \([^ ]*\) .*/\1/p')
check "the CLI did not add the connections" test -n "$src" -a -n "$tgt"
as_admin mailferry license install "$work/license.key" >/dev/null || fail "the group member could not install the license key."
check "the license is not the key just installed" grep -q 'key for Package test licensee' <<<"$(as_admin mailferry license)"
job=$(as_admin mailferry jobs create --name "Package test" --source "$src" --target "$tgt" --pair anna=bob \
    | sed -n 's/^Created job \([^ ]*\) .*/\1/p')
check "the CLI did not create the job" test -n "$job"
as_admin mailferry jobs start "$job" >/dev/null
as_admin mailferry jobs watch "$job" --interval 1 >"$work/watch1.out" || { cat "$work/watch1.out"; fail "the first pass did not complete."; }
check "the target has $(count_target) messages, not 5" test "$(count_target)" = 5
panel=$(as_admin mailferry-panel --check-service 2>&1) || fail "the installed panel, run by a member of the mailferry group, does not find the installed service: $panel"
check "the panel found another service: $panel" grep -q 'data directory /var/lib/mailferry)' <<<"$panel"
outsider_panel=$(setpriv --reuid=mfoutsider --regid=mfoutsider --init-groups env -i PATH=/usr/bin:/bin HOME=/tmp \
    mailferry-panel --check-service 2>&1) && fail "the panel of a user outside the mailferry group used the service: $outsider_panel"
check "the outsider's panel does not say why: $outsider_panel" grep -q 'not running' <<<"$outsider_panel"
outsider=$(setpriv --reuid=mfoutsider --regid=mfoutsider --init-groups env -i PATH=/usr/bin:/bin HOME=/tmp \
    mailferry jobs list 2>&1 || true)
check "an outsider is not told to join the mailferry group: $outsider" grep -q 'admin group (mailferry)' <<<"$outsider"
step "migrating anna -> carl with the installed mailferry migrate, no service"
# the installed command starts its JVM with the flags of the command it runs, as ./mailferry does (ADR 0048): a
# one-mailbox migrate with the serial collector, its heap capped at 176 MB, the archive of its classes postinst made
# (-Xshare:on: the JVM refuses to start when it cannot map it)
archive_maps() { as_admin env MAILFERRY_JAVA_OPTS="-Xshare:on -XX:+PrintFlagsFinal" mailferry migrate --help; }
jvm=$(archive_maps) || fail "the installed migrate cannot map the class-data archive postinst made."
check "the installed migrate's heap is not capped at 176 MB" grep -Eq 'MaxHeapSize += 184549376 ' <<<"$jvm"
check "the installed migrate does not run the serial collector" grep -Eq 'UseSerialGC += true ' <<<"$jvm"
check "the installed migrate does not name the archive postinst made" \
    grep -Eq 'SharedArchiveFile += /opt/mailferry/lib/app/mailferry.jsa ' <<<"$jvm"
jvm=$(as_admin env MAILFERRY_JAVA_OPTS="-XX:+PrintFlagsFinal" mailferry migrate --csv pairs.csv --help)
check "an installed migrate of many mailboxes does not have the service's cap and collector" \
    grep -Eq 'MaxHeapSize += 671088640 ' <<<"$jvm"
check "an installed migrate of many mailboxes does not run the parallel collector" grep -Eq 'UseParallelGC += true ' <<<"$jvm"
check "an installed migrate of many mailboxes does not keep half of its heap young" grep -Eq 'NewRatio += 1 ' <<<"$jvm"
# and its heap in the kernel's huge pages where this kernel offers them to a program that asks (ADR 0055)
if grep -Eq '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
    check "an installed migrate of many mailboxes does not ask for huge pages the kernel offers" \
        grep -Eq 'UseTransparentHugePages += true ' <<<"$jvm"
fi
as_admin env CARL_PW=carl-pw mailferry migrate --data-dir "$work/mfadmin/migrate-data" --source-host 127.0.0.1 \
    --source-port $imap_port --source-security none --source-user anna --source-password-env SRC_PW \
    --target-host 127.0.0.1 --target-port $imap_port --target-security none --target-user carl \
    --target-password-env CARL_PW >"$work/migrate.out" 2>&1 || { cat "$work/migrate.out"; fail "the installed migrate failed."; }
check "the installed migrate did not say every item is on the target: $(tail -n 1 "$work/migrate.out")" \
    grep -q 'All 5 source items of 1 mailbox are on the target' "$work/migrate.out"
check "carl has $(count_target carl) messages, not 5" test "$(count_target carl)" = 5
stop_service
stopped=$(as_admin mailferry jobs list 2>&1 || true)
check "a stopped installed service is not reported with its systemctl command: $stopped" \
    grep -q 'sudo systemctl start mailferry' <<<"$stopped"

# ---- 5. upgrade
step "upgrading to ~ci2"
check "~ci1 already knew the migration of ~ci2" test -z "$(grep -l 'V999' /var/lib/mailferry/logs/service.log)"
first_log_line=$(head -n 1 /var/lib/mailferry/logs/service.log)
# the admin also raises the service's heap cap, which mailferry.conf sets over the unit's default
printf '# kept by the upgrade\nMAILFERRY_PORT=0\nJAVA_TOOL_OPTIONS=-Xmx704m\n' >> /etc/mailferry/mailferry.conf # no inline comments
dpkg -i "$deb2" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i of ~ci2 failed."; }
check "the upgrade did not install ~ci2" test "$(dpkg-query -W -f='${Version}' mailferry)" = "$base~ci2"
check "the upgrade replaced the admin's mailferry.conf" grep -q 'kept by the upgrade' /etc/mailferry/mailferry.conf
start_service
as_admin mailferry jobs list | grep -q "Package test" || fail "the job is gone after the upgrade."
check "the upgraded service did not migrate the schema at start" grep -q 'Applying schema migration V999' /var/lib/mailferry/logs/service.log
check "the upgrade lost the logs" test "$(head -n 1 /var/lib/mailferry/logs/service.log)" = "$first_log_line"
jvm=$(archive_maps) || fail "after the upgrade, the installed migrate cannot map the class-data archive of the new jar."
check "after the upgrade, the installed migrate has no class-data archive (postinst made none?)" \
    grep -Eq 'SharedArchiveFile += /opt/mailferry/lib/app/mailferry.jsa ' <<<"$jvm"
check "the heap cap raised in mailferry.conf does not apply" \
    grep -Eq 'a Java heap of at most (70[0-4]|6[6-9][0-9]) MB' /var/lib/mailferry/logs/service.log
as_admin mailferry connections list | grep -q "Source" || fail "the connections are gone after the upgrade."
license=$(as_admin mailferry license)
check "the upgrade lost the license key: $license" grep -q 'key for Package test licensee' <<<"$license"
check "the upgrade lost the seat the migration took: $license" grep -q 'seats:       1 used of 5' <<<"$license"
as_admin mailferry jobs delta "$job" >/dev/null
as_admin mailferry jobs watch "$job" --interval 1 >"$work/watch2.out" || { cat "$work/watch2.out"; fail "the delta pass did not complete."; }
copied=$(as_admin mailferry jobs report "$job" --format csv | awk -F, 'NR==1 { for (i=1;i<=NF;i++) c[$i]=i; next }
    $c["section"]=="mailbox" { print $c["items_copied"] }')
check "the delta pass after the upgrade copied '$copied' items, not 0 (ledger lost?)" test "$copied" = 0
check "the target has $(count_target) messages after the delta, not 5" test "$(count_target)" = 5
stop_service

# ---- 6. remove keeps the data, purge removes it
step "removing, then purging"
dpkg --remove mailferry >"$work/dpkg.log" 2>&1
check "remove left /opt/mailferry" test ! -e /opt/mailferry/bin/mailferry
check "remove left the class-data archive postinst made" test ! -e /opt/mailferry/lib/app/mailferry.jsa
check "remove left /usr/bin/mailferry" test ! -e /usr/bin/mailferry -a ! -L /usr/bin/mailferry
check "remove deleted the database" test -s /var/lib/mailferry/mailferry.db
check "remove deleted the key" test -s /var/lib/mailferry/secret.key
check "remove deleted the logs" test -d /var/lib/mailferry/logs
check "remove deleted the configuration" test -f /etc/mailferry/mailferry.conf
dpkg --purge mailferry >"$work/dpkg.log" 2>&1
installed=false
check "purge left /var/lib/mailferry" test ! -e /var/lib/mailferry
check "purge left /etc/mailferry" test ! -e /etc/mailferry
check "purge left /var/log/mailferry" test ! -e /var/log/mailferry -a ! -L /var/log/mailferry
check "purge left the unit enabled" test ! -e /etc/systemd/system/multi-user.target.wants/mailferry.service
step "passed: install, service as its unit, CLI migration and panel as a group member, one-mailbox migrate with its own JVM flags, upgrade with data, license and logs kept and schema migrated, remove, purge"
