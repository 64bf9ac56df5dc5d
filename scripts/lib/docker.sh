# shellcheck shell=bash
# Docker helpers for the container scripts (up, down, e2e, images, docker-engine, labs). Source it after
# common.sh. The container lab is described in docs/docker.md.

# .env at the repository root names the Compose project and may hold a user's L4LAB_* settings.
# Compose reads it itself; read it here too, with Compose's precedence (a variable already in the
# environment wins), so ./lab and a plain `docker compose` from the root address the same lab on the
# same ports. Lines are NAME=VALUE, as Compose v1.29 and v2 both read them.
load_dotenv() {
  local line
  [ -f "$1" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" =~ ^([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    [ -n "${!BASH_REMATCH[1]+set}" ] || export "${BASH_REMATCH[1]}=${BASH_REMATCH[2]}"
  done <"$1"
}
load_dotenv "$L4LAB_ROOT/.env"

DOCKERD_PIDFILE=/run/l4lab-dockerd.pid
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/l4lab-dockerd.log}

# The new docker CLI needs the buildx plugin for BuildKit; without it, fall back to the classic builder.
if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi
# docker-compose v1.29 builds with the docker CLI by default (COMPOSE_DOCKER_CLI_BUILD), so this holds for it too.

docker_answers() { docker info >/dev/null 2>&1; }

# ensure_docker_engine: an engine must answer. When none does and we are root, install the Debian
# packages and start dockerd without touching the host's firewall or bridges (the lab uses its own
# user-defined network, which works with --bridge=none).
ensure_docker_engine() {
  if ! docker_answers; then
    [ "$(id -u)" = 0 ] || die "no Docker engine answers and we are not root: start Docker (or join the docker group) and retry"
    ensure_packages docker.io:dockerd docker-compose:docker-compose
    if ! docker_answers; then
      log "starting dockerd (--iptables=false --ip6tables=false --bridge=none), log: $DOCKERD_LOG"
      # dockerd gets no descriptor but 0-2: a lock its caller holds (flock LOCKFILE ./lab up) would
      # otherwise stay held by dockerd and containerd for as long as they run.
      (
        for fd in /proc/"$BASHPID"/fd/*; do
          fd=${fd##*/}
          if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
        done
        exec nohup dockerd --iptables=false --ip6tables=false --bridge=none >"$DOCKERD_LOG" 2>&1 </dev/null
      ) &
      echo $! >"$DOCKERD_PIDFILE"
      # shellcheck disable=SC2034  # callers that clean up (e2e) stop what they started
      L4LAB_STARTED_DOCKERD=1
      for _ in $(seq 1 60); do docker_answers && break; sleep 1; done
      docker_answers || { tail -20 "$DOCKERD_LOG" >&2; die "dockerd did not answer within 60 s"; }
    fi
  fi
  detect_compose
}

stop_docker_engine() {
  if [ -f "$DOCKERD_PIDFILE" ] && kill -0 "$(cat "$DOCKERD_PIDFILE")" 2>/dev/null; then
    local pid
    pid=$(cat "$DOCKERD_PIDFILE")
    log "stopping dockerd pid $pid"
    kill "$pid"
    # Wait until it (and the containerd it runs) is gone: a new dockerd started while the old one still
    # shuts down finds containerd's socket dead and never answers.
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "dockerd $pid still running after 30 s; killing it"; kill -9 "$pid" 2>/dev/null || true; }
    for _ in $(seq 1 20); do pgrep -x containerd >/dev/null || break; sleep 0.5; done
    rm -f "$DOCKERD_PIDFILE"
  else
    log "no dockerd started by ./lab is running"
  fi
}

# detect_compose sets COMPOSE to Compose v2 ("docker compose") when present, else v1 ("docker-compose").
detect_compose() {
  if docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose)
  elif command -v docker-compose >/dev/null; then
    COMPOSE=(docker-compose)
  elif [ "$(id -u)" = 0 ]; then
    ensure_packages docker-compose:docker-compose
    COMPOSE=(docker-compose)
  else
    die "neither 'docker compose' (v2) nor 'docker-compose' (v1) is installed"
  fi
}

# compose ARGS: run Compose on the project's file(s), from the project root. The project is
# L4LAB_PROJECT when set (./lab e2e runs a second lab), else the one .env names, as for a plain compose.
# L4LAB_NATIVE=1 adds docker-compose.native.yml (native images instead of JVM ones).
compose() {
  local files=(-f "$L4LAB_ROOT/docker-compose.yml")
  [ "${L4LAB_NATIVE:-0}" = 1 ] && files+=(-f "$L4LAB_ROOT/docker-compose.native.yml")
  (cd "$L4LAB_ROOT" && "${COMPOSE[@]}" -p "${L4LAB_PROJECT:-${COMPOSE_PROJECT_NAME:-l4lab}}" "${files[@]}" "$@")
}

# ---- base images ---------------------------------------------------------------------------------
# Public defaults (keep them equal to the ARG defaults in the Dockerfiles) and the local stand-ins
# built from Debian packages when no registry can be reached.
# shellcheck disable=SC2034  # read by the scripts that source this file
{
  JVM_BASE_PUBLIC=eclipse-temurin:17.0.15_6-jre-jammy
  JVM_BASE_LOCAL=l4lab/jre-base:17
  JVM_BASE_PACKAGES=openjdk-17-jre-headless,curl,ca-certificates
  TOOLBOX_BASE_PUBLIC=debian:12.11-slim
  TOOLBOX_BASE_LOCAL=l4lab/toolbox-base:bookworm
  PROMETHEUS_BASE_LOCAL=l4lab/prometheus-base:bookworm   # on the toolbox's public base, debian:12.11-slim
  # The gateway's base: Debian with a JRE and the kernel tools it drives (gateway/src/main/docker/packages.txt).
  GATEWAY_BASE_PUBLIC=debian:12.11-slim
  GATEWAY_BASE_LOCAL=l4lab/gateway-base:bookworm
  SERVICES=(echo-service lb-demo probe-service gateway)
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# pick_base PUBLIC LOCAL PACKAGES prints the base image to build on: the public one when present or
# pullable, otherwise the local stand-in (built once with mmdebstrap). L4LAB_OFFLINE=1 skips the pull.
pick_base() {
  local public=$1 local_img=$2 packages=$3
  if image_exists "$public"; then echo "$public"; return; fi
  if [ "$(docker image inspect -f '{{index .Config.Labels "l4lab.packages"}}' "$local_img" 2>/dev/null)" = "$packages" ]; then
    echo "$local_img"; return   # built before, from the same package list
  fi
  if [ "${L4LAB_OFFLINE:-0}" != 1 ] && ! image_exists "$local_img"; then
    log "pulling $public"
    if timeout 120 docker pull -q "$public" >/dev/null 2>&1; then echo "$public"; return; fi
    log "cannot pull $public: building the local stand-in $local_img from Debian packages"
  fi
  build_debian_base "$local_img" "$packages"
  echo "$local_img"
}

# build_debian_base IMAGE PKG,PKG,... : a Debian 12 root file system made by mmdebstrap, imported as IMAGE.
build_debian_base() {
  local image=$1 packages=$2 work mirror=()
  ensure_packages mmdebstrap:mmdebstrap
  work=$(mktemp -d /tmp/l4lab-rootfs.XXXXXX)
  # Use the host's Debian 12 package sources when it has them (mirrors, proxies); else mmdebstrap's default.
  local f
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    if [ -f "$f" ] && grep -q bookworm "$f"; then mirror=("$f"); break; fi
  done
  log "mmdebstrap bookworm + $packages -> $image"
  if ! mmdebstrap --variant=apt --include="$packages" \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
        bookworm "$work/rootfs.tar" "${mirror[@]}" >"$work/mmdebstrap.log" 2>&1; then
    tail -30 "$work/mmdebstrap.log" >&2
    rm -rf "$work"
    die "mmdebstrap failed (log above)"
  fi
  docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' --change "LABEL l4lab.packages=$packages" \
    "$work/rootfs.tar" "$image" >/dev/null
  rm -rf "$work"
}

# service_image SERVICE [jvm|native] prints the image name compose uses.
service_image() { echo "l4lab/$1:${2:-jvm}"; }

# ---- the running lab ------------------------------------------------------------------------------
# Host ports (the same variables docker-compose.yml reads).
LB_TCP_PORT=${L4LAB_LB_TCP_PORT:-9000}
LB_UDP_PORT=${L4LAB_LB_UDP_PORT:-9001}
LB_L7_PORT=${L4LAB_LB_L7_PORT:-8000}
LB_L4HTTP_PORT=${L4LAB_LB_L4HTTP_PORT:-8001}
LB_PROXY_PORT=${L4LAB_LB_PROXY_PORT:-8002}
LB_ADMIN_PORT=${L4LAB_LB_ADMIN_PORT:-8080}
PROBE_PORT=${L4LAB_PROBE_PORT:-8090}
ECHO1_HTTP_PORT=${L4LAB_ECHO1_HTTP_PORT:-8081}
ECHO2_HTTP_PORT=${L4LAB_ECHO2_HTTP_PORT:-8082}
ECHO3_HTTP_PORT=${L4LAB_ECHO3_HTTP_PORT:-8083}
GATEWAY_PORT=${L4LAB_GATEWAY_PORT:-8070}
PROMETHEUS_PORT=${L4LAB_PROMETHEUS_PORT:-9090}

# container_health ID prints healthy|unhealthy|starting for containers with a healthcheck,
# otherwise the container state (running, exited, ...).
container_health() {
  docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$1" 2>/dev/null || echo missing
}

container_name() { docker inspect -f '{{.Name}}' "$1" 2>/dev/null | sed 's#^/##'; }

# wait_lab_healthy TIMEOUT_SECONDS: every container of the project healthy (or running when it has no
# healthcheck). Returns 1 on timeout or when a container exited.
wait_lab_healthy() {
  local timeout=${1:-240} deadline ids id state pending
  deadline=$(( $(date +%s) + timeout ))
  while :; do
    ids=$(compose ps -q)
    [ -n "$ids" ] || { log "no lab containers are running"; return 1; }
    pending=()
    for id in $ids; do
      state=$(container_health "$id")
      case "$state" in
        healthy|running) ;;
        exited|dead|unhealthy|missing) log "$(container_name "$id") is $state"; return 1 ;;
        *) pending+=("$(container_name "$id"):$state") ;;
      esac
    done
    [ ${#pending[@]} -eq 0 ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then log "still not healthy after ${timeout}s: ${pending[*]}"; return 1; fi
    sleep 2
  done
}

# prometheus_state: one line on the lab's Prometheus ("7 rules loaded, 15 of 15 targets up", then every
# target that is not up, with its last error); true when rules are loaded and every target is up. Asked
# from the toolbox, which has curl and jq, so it works whichever host address the UI is published on.
prometheus_state() {
  local toolbox verdict
  toolbox=$(compose ps -q toolbox 2>/dev/null)
  [ -n "$toolbox" ] || { echo "the toolbox is not running"; return 1; }
  # On /api/v1/targets, given the number of rules: a summary line, a line per target that is not up, and
  # an error (jq exits non-zero) unless rules are loaded and every target is up.
  # shellcheck disable=SC2016  # jq's variables, and a script for the toolbox's shell
  verdict='[.data.activeTargets[]] as $t | [$t[] | select(.health == "up")] as $up
    | "\($rules) rules loaded, \($up | length) of \($t | length) targets up",
      ($t[] | select(.health != "up") | "  \(.labels.job) \(.labels.instance): \(.health) \(.lastError)"),
      if $rules > 0 and ($t | length) > 0 and ($up | length) == ($t | length) then empty else error("not ready") end'
  # shellcheck disable=SC2016
  docker exec "$toolbox" sh -c '
    api=http://prometheus:9090/api/v1
    rules=$(curl -sf --max-time 5 "$api/rules" | jq "[.data.groups[].rules[]] | length")
    [ -n "$rules" ] || { echo "no answer from $api/rules"; exit 1; }
    curl -sf --max-time 5 "$api/targets?state=active" | jq -r --argjson rules "$rules" "$1" 2>/dev/null' sh "$verdict"
}

# wait_prometheus_ready TIMEOUT_SECONDS: until prometheus_state holds; prints its last line either way.
wait_prometheus_ready() {
  local deadline=$(( $(date +%s) + ${1:-90} )) state
  while :; do
    if state=$(prometheus_state); then echo "$state"; return 0; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "${state:-no answer}"; return 1; fi
    sleep 2
  done
}

# print_unhealthy_logs: the last log lines of every project container that is not healthy/running.
print_unhealthy_logs() {
  local id state
  for id in $(compose ps -a -q 2>/dev/null); do
    state=$(container_health "$id")
    case "$state" in healthy|running) continue ;; esac
    printf '\n===== %s (%s): last 150 log lines =====\n' "$(container_name "$id")" "$state" >&2
    docker logs --tail 150 "$id" >&2 2>&1 || true
    docker inspect -f '{{if .State.Health}}{{range .State.Health.Log}}health check: exit {{.ExitCode}} {{.Output}}{{end}}{{end}}' "$id" >&2 2>/dev/null || true
  done
}

print_ports_table() {
  cat <<TABLE
The lab is up (network ${L4LAB_NETWORK:-l4lab}, ${L4LAB_SUBNET_PREFIX:-172.28}.0.0/16). From this host, on ${L4LAB_BIND:-127.0.0.1}:

  what                                        host port        in the lab network
  L4 TCP echo through the LB                  ${LB_TCP_PORT}/tcp          lb:9000  -> echo-N:9000
  L4 UDP echo through the LB                  ${LB_UDP_PORT}/udp          lb:9001  -> echo-N:9001
  L7 HTTP through the LB (per request)        ${LB_L7_PORT}             lb:8000  -> echo-N:8080
  L4 HTTP through the LB (per connection)     ${LB_L4HTTP_PORT}             lb:8001  -> echo-N:8080
  L4 + PROXY v2 through the LB                ${LB_PROXY_PORT}             lb:8002  -> echo-N:8081
  LB admin REST (/pools, /connections)        ${LB_ADMIN_PORT}             lb:8080
  probe gRPC + REST (/api/v1/...)             ${PROBE_PORT}             probe:8080
  echo-1 / echo-2 / echo-3 HTTP (whoami)      ${ECHO1_HTTP_PORT} / ${ECHO2_HTTP_PORT} / ${ECHO3_HTTP_PORT}  echo-N:8080
  Prometheus UI (graphs, alerts, targets)     ${PROMETHEUS_PORT}             prometheus:9090
  echo-N raw ports (not published)            -                echo-N:9000/tcp 9001/udp 9009 9019 8081
  gateway admin REST (/firewall, /conntrack)  127.0.0.1:${GATEWAY_PORT}   gateway:8080 (lab side only)
  through the gateway, from outside-client    -                ${L4LAB_OUTSIDE_SUBNET_PREFIX:-172.29}.0.2: 80 443 22 53 9000 9001/udp 5432

First commands to try:
  printf 'hello\n' | nc -N 127.0.0.1 ${LB_TCP_PORT}                # TCP echo through the LB
  curl -s localhost:${LB_L4HTTP_PORT}/whoami localhost:${LB_L4HTTP_PORT}/whoami      # L4: one connection, one backend
  curl -s localhost:${LB_L7_PORT}/whoami localhost:${LB_L7_PORT}/whoami      # L7: a backend per request
  curl -s localhost:${LB_ADMIN_PORT}/pools/echo                  # backend states and counters
  docker compose exec toolbox sh -c "printf 'hi' | nc -u -w1 lb 9001"      # UDP echo from inside the lab
  docker compose exec toolbox probe-grpc TcpProbe '{"host":"echo-1","port":9000}'
  docker compose exec toolbox ss -tan                               # the toolbox's sockets
  docker compose exec lb-tools tcpdump -ni any tcp port 9000        # both legs, seen from the LB
  docker compose exec outside-client nc -vz gateway-outside 80      # through the gateway's firewall and NAT
  curl -s localhost:${GATEWAY_PORT}/firewall                              # the security group and its counters
(From the repository root; Compose v1: docker-compose instead of docker compose.)  Stop it: ./lab down
TABLE
}
