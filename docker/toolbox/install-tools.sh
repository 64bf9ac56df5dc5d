#!/bin/sh
# Installs the packages of a list (default: the toolbox's) that the base image lacks. The offline bases made
# by `./lab images` already hold them all, so this step then needs no network; on a public Debian base it
# runs apt. Usage: install-tools.sh [PACKAGE_LIST] [NAME]   (the gateway image passes its own list)
set -eu
LIST=${1:-/opt/l4lab/packages.txt}
NAME=${2:-toolbox}
PKGS=$(grep -v '^#' "$LIST" | tr '\n' ' ')
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "$NAME: installing$missing"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
  rm -rf /var/lib/apt/lists/*
else
  echo "$NAME: every package is already in the base image"
fi
# netcat-openbsd is the `nc` the course uses (ncat stays available as `ncat`).
update-alternatives --set nc /bin/nc.openbsd 2>/dev/null || true
