#!/usr/bin/env bash
# Runs the slow fault suite (docs/faults.md): kill -9 of `migrate` and of the service at random instants, at least
# 1,000 dropped connections, a disk that fills (as root), each phase ending with an exact comparison.
# Usage: data-provider-service/faults.sh [--messages 3000] [--kills 10] [--kill-mean-ms 4000] [--seed 1]
#        [--drop-mean-bytes 1000000] [--drop-mean-ms 1500] [--min-drops 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q ${FAULTS_MVN_OPTS:-} -pl data-provider-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/faults.classpath -Dmdep.includeScope=test
cd data-provider-service
exec java -Xmx512m ${FAULTS_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/faults.classpath)" \
  io.mailferry.service.FaultRunner "$@"
