#!/bin/sh
# Training run for the AppCDS archive, executed inside the image at build time (docker build RUN step),
# so the archive is made by the exact JVM build that will read it (CDS refuses any other build).
# It starts the service, waits until TRAIN_READY (default /q/health/ready) answers, sends the requests named in
# TRAIN_URLS (so the classes of a first served request are archived too), then stops it with
# SIGTERM: the JVM writes the dynamic archive while exiting.
set -eu
PORT=${QUARKUS_HTTP_PORT:-8080}
L4LAB_APPCDS_DUMP=1 /deployments/run-java.sh >/tmp/appcds-training.log 2>&1 &
pid=$!
ready=""
i=0
while [ $i -lt 120 ]; do
  if http-ready "$PORT" "${TRAIN_READY:-/q/health/ready}" >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 $pid 2>/dev/null || break
  sleep 0.5; i=$((i + 1))
done
if [ -z "$ready" ]; then
  echo "AppCDS training: the service did not become ready; its log:" >&2
  cat /tmp/appcds-training.log >&2
  kill $pid 2>/dev/null || true
  exit 1
fi
for path in ${TRAIN_URLS:-} /q/health/live /q/metrics; do
  http-ready "$PORT" "$path" >/dev/null 2>&1 || true   # any answer will do: it is for the classes
done
kill -TERM $pid
wait $pid || true
if [ ! -s /deployments/app-cds.jsa ]; then
  echo "AppCDS training: no archive written; the log:" >&2
  cat /tmp/appcds-training.log >&2
  exit 1
fi
echo "AppCDS archive: $(du -h /deployments/app-cds.jsa | cut -f1)"
rm -f /tmp/appcds-training.log
