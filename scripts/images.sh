#!/usr/bin/env bash
# lab: build the lab's images (service jars, JVM images with AppCDS, toolbox, Prometheus); works offline
# Usage: ./lab images [--native] [--no-jars] [--no-appcds] [SERVICE...]   (SERVICE: a module, toolbox or prometheus)
#   --native     package the services' native images from existing target/*-runner files
#                (build those first: see docs/docker.md, "Native images")
#   --no-jars    do not run Maven (use the target/quarkus-app directories as they are); without it,
#                the services whose sources changed since their last package are packaged again
#   --no-appcds  JVM images without the AppCDS training run
# Base images: the public defaults are used when present or pullable; otherwise local stand-ins are
# built from Debian packages (mmdebstrap + docker import). Override with L4LAB_JVM_BASE / L4LAB_TOOLBOX_BASE /
# L4LAB_GATEWAY_BASE / L4LAB_PROMETHEUS_BASE.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/docker.sh"
cd "$L4LAB_ROOT"

mode=jvm jars=1 appcds=true selected=()
for arg in "$@"; do
  case "$arg" in
    --native) mode=native ;;
    --no-jars) jars=0 ;;
    --no-appcds) appcds=false ;;
    echo-service|lb-demo|probe-service|gateway|toolbox|prometheus) selected+=("$arg") ;;
    *) die "images: unknown argument '$arg' (see the usage at the top of scripts/images.sh)" ;;
  esac
done
[ ${#selected[@]} -gt 0 ] || selected=("${SERVICES[@]}" toolbox prometheus)

ensure_docker_engine
started=$(date +%s)

services=()
for s in "${selected[@]}"; do case "$s" in toolbox|prometheus) ;; *) services+=("$s") ;; esac; done

if [ ${#services[@]} -gt 0 ] && [ "$mode" = jvm ] && [ "$jars" = 1 ]; then
  build_if_stale "${services[@]}"
fi

build() { # build IMAGE DOCKERFILE [docker build args...]
  local image=$1 file=$2; shift 2
  log "docker build $image"
  local out; out=$(mktemp)
  if ! docker build --network "${L4LAB_BUILD_NETWORK:-none}" --label l4lab.built-by=lab-images \
      -f "$file" -t "$image" "$@" . >"$out" 2>&1; then
    tail -40 "$out" >&2; rm -f "$out"
    die "docker build of $image failed (output above)"
  fi
  grep -h '^AppCDS archive' "$out" | sed "s#^#[lab]   $image: #" >&2 || true
  rm -f "$out"
}

# gateway_build jvm|native: the gateway's image on its own base (a JRE plus nft, conntrack, ip, tc, tcpdump).
gateway_build() {
  local packages base net=none
  packages=$(grep -v '^#' gateway/src/main/docker/packages.txt | paste -sd, -)
  base=${L4LAB_GATEWAY_BASE:-$(pick_base "$GATEWAY_BASE_PUBLIC" "$GATEWAY_BASE_LOCAL" "$packages")}
  [ "$base" = "$GATEWAY_BASE_LOCAL" ] || net=default   # a public Debian base installs the tools with apt
  if [ "$1" = jvm ]; then
    # The jars just built on the host (APP_FROM=host), as for the other services.
    L4LAB_BUILD_NETWORK=${L4LAB_BUILD_NETWORK:-$net} build "$(service_image gateway jvm)" gateway/src/main/docker/Dockerfile.jvm \
      --build-arg GATEWAY_BASE="$base" --build-arg APP_FROM=host --build-arg BUILD_IMAGE="$base" --build-arg APPCDS="$appcds"
  else
    L4LAB_BUILD_NETWORK=${L4LAB_BUILD_NETWORK:-$net} build "$(service_image gateway native)" gateway/src/main/docker/Dockerfile.native \
      --build-arg GATEWAY_BASE="$base"
  fi
}

for s in "${services[@]}"; do
  if [ "$mode" = jvm ]; then
    [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || die "$s/target/quarkus-app is missing: run ./lab images without --no-jars"
    if [ "$s" = gateway ]; then
      gateway_build jvm
      continue
    fi
    base=${L4LAB_JVM_BASE:-$(pick_base "$JVM_BASE_PUBLIC" "$JVM_BASE_LOCAL" "$JVM_BASE_PACKAGES")}
    # The jars just built on the host (APP_FROM=host): the build stage only moves them, on the runtime
    # base, so it needs neither Maven nor a network.
    build "$(service_image "$s" jvm)" "$s/src/main/docker/Dockerfile.jvm" \
      --build-arg BASE_IMAGE="$base" --build-arg APP_FROM=host --build-arg BUILD_IMAGE="$base" \
      --build-arg APPCDS="$appcds"
  else
    ls "$s"/target/*-runner >/dev/null 2>&1 || die "$s/target/*-runner is missing: build the native executable first (docs/docker.md)"
    if [ "$s" = gateway ]; then
      gateway_build native
      continue
    fi
    # Native images need network access for their public base unless it is already present.
    L4LAB_BUILD_NETWORK=${L4LAB_BUILD_NETWORK:-default} \
      build "$(service_image "$s" native)" "$s/src/main/docker/Dockerfile.native"
  fi
done

# build_on_debian IMAGE DIR BUILD_ARG BASE_OVERRIDE LOCAL_BASE: DIR/Dockerfile on a Debian 12 base that has
# DIR/packages.txt installed: the local stand-in (built once, offline) unless the public one is there.
build_on_debian() {
  local image=$1 dir=$2 arg=$3 override=$4 local_base=$5 packages base net=none
  packages=$(grep -v '^#' "$dir/packages.txt" | paste -sd, -)
  base=${override:-$(pick_base "$TOOLBOX_BASE_PUBLIC" "$local_base" "$packages")}
  [ "$base" = "$local_base" ] || net=default   # a public Debian base installs the packages with apt
  L4LAB_BUILD_NETWORK=${L4LAB_BUILD_NETWORK:-$net} build "$image" "$dir/Dockerfile" --build-arg "$arg=$base"
}
for s in "${selected[@]}"; do
  case "$s" in
    toolbox) build_on_debian l4lab/toolbox:latest docker/toolbox TOOLBOX_BASE "${L4LAB_TOOLBOX_BASE:-}" "$TOOLBOX_BASE_LOCAL" ;;
    prometheus) build_on_debian l4lab/prometheus:latest docker/prometheus PROMETHEUS_BASE \
      "${L4LAB_PROMETHEUS_BASE:-}" "$PROMETHEUS_BASE_LOCAL" ;;
  esac
done

# Rebuilt tags leave the previous images untagged: drop those that no container uses.
docker image prune -f --filter label=l4lab.built-by=lab-images >/dev/null 2>&1 || true
log "images ready in $(( $(date +%s) - started )) s:"
docker images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^l4lab/' | sed 's/^/  /' >&2 || true
