#!/bin/sh
# Launcher of the L4 Lab JVM images (Quarkus fast-jar in /deployments).
#   JAVA_OPTS         replaces the default JVM flags below
#   JAVA_OPTS_APPEND  is added after them (e.g. -Dquarkus.log.level=DEBUG)
#   L4LAB_APPCDS      "auto" (default): use /deployments/app-cds.jsa when the image has one; "off": never
#   L4LAB_APPCDS_DUMP set by train-appcds.sh only: write the archive at exit instead of using it
# Default flags keep a lab service small: one serial collector (two cores, small heaps), a capped heap,
# and exit on OOM so the orchestrator restarts it instead of limping on.
set -eu
: "${JAVA_OPTS:=-XX:+UseSerialGC -Xms16m -Xmx128m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+ExitOnOutOfMemoryError}"
ARCHIVE=/deployments/app-cds.jsa
CDS=""
if [ -n "${L4LAB_APPCDS_DUMP:-}" ]; then
  CDS="-XX:ArchiveClassesAtExit=$ARCHIVE"
elif [ "${L4LAB_APPCDS:-auto}" != off ] && [ -f "$ARCHIVE" ]; then
  CDS="-XX:SharedArchiveFile=$ARCHIVE -Xshare:auto"
fi
# shellcheck disable=SC2086 # the option strings are meant to split into words
exec java $JAVA_OPTS $CDS ${JAVA_OPTS_APPEND:-} \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -jar /deployments/quarkus-run.jar "$@"
