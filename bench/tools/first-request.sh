#!/usr/bin/env bash
# first-request: runs INSIDE a service's JVM image (bench/startup.sh passes it to the image's bash -c):
# starts the service, polls 127.0.0.1:8080 with bash's /dev/tcp every 5 ms until $URL answers 200,
# then waits 2 s and prints "<first-request ms> <VmRSS KiB> <Quarkus started-in s>". Bounded: 60 s.
# Needs URL (the endpoint to poll, e.g. /whoami) in the environment; http-ready is in the image.
set -u
start=$(date +%s%N)
/deployments/run-java.sh >/tmp/out.log 2>&1 &
pid=$!
deadline=$(( start + 60000000000 ))
until (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; do
  [ "$(date +%s%N)" -lt "$deadline" ] || { echo "timeout waiting for port 8080" >&2; cat /tmp/out.log >&2; exit 1; }
  sleep 0.005
done
until http-ready 8080 "$URL" >/dev/null 2>&1; do
  [ "$(date +%s%N)" -lt "$deadline" ] || { echo "timeout waiting for 200 from $URL" >&2; cat /tmp/out.log >&2; exit 1; }
  sleep 0.005
done
end=$(date +%s%N)
sleep 2
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
started=$(sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' /tmp/out.log | head -1)
kill "$pid"
echo "$(( (end - start) / 1000000 )) $rss ${started:-?}"
