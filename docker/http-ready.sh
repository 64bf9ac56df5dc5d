#!/bin/bash
# http-ready [PORT] [PATH]: exit 0 when GET http://127.0.0.1:PORT/PATH answers 200.
# The images' healthcheck and the AppCDS training run use it; it needs only bash (no curl), so the
# same check works in the JVM images and in the native ones.
port=${1:-8080} path=${2:-/q/health/ready}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 3 status <&3 || { echo "no answer from :$port$path"; exit 1; }
# drain the rest so the server sees an orderly close
cat <&3 >/dev/null 2>&1 &
case "$status" in
  HTTP/1.?" 200"*) exit 0 ;;
  *) echo "GET :$port$path -> ${status%$'\r'}"; exit 1 ;;
esac
