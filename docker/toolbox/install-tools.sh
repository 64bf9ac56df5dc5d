#!/bin/sh
# install-tools.sh [IMAGE]: installs the packages of /opt/l4lab/packages.txt that the base image lacks
# (the toolbox's, or another image's: IMAGE names it in the log). The offline base made by `./lab images`
# already holds them all, so this step then needs no network; on a public Debian base it runs apt.
set -eu
image=${1:-toolbox}
PKGS=$(grep -v '^#' /opt/l4lab/packages.txt | tr '\n' ' ')
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "$image: installing$missing"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
  rm -rf /var/lib/apt/lists/*
else
  echo "$image: every package is already in the base image"
fi
# netcat-openbsd is the `nc` the course uses (ncat stays available as `ncat`).
update-alternatives --set nc /bin/nc.openbsd 2>/dev/null || true
