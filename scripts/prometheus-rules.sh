#!/usr/bin/env bash
# lab: check the lab's Prometheus configuration and alerting rules, and run the rules' unit tests (promtool)
# Usage: ./lab prometheus-rules
# promtool check rules and check config (the scrape jobs, the relabeling and the rule files they name),
# promtool test rules (docker/prometheus/rules-test.yml: synthetic series for every rule), and that every
# alert has a unit test there and is fired in the running lab by labs/07-alerts.sh. Needs no Docker;
# installs Debian's prometheus (for promtool) when it is missing. Ends with "N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/checks.sh"
cd "$L4LAB_ROOT" || exit 2
exec </dev/null

ensure_packages prometheus:promtool
dir=docker/prometheus
rules=("$dir"/rules/*.yml)

# config_checks: the configuration as the image has it, its /etc/prometheus paths pointed at the repository.
config_checks() {
  local tmp rc=0
  tmp=$(mktemp -d /tmp/l4lab-prometheus.XXXXXX)
  cp -r "$dir/rules" "$tmp/"
  mkdir "$tmp/file_sd"
  sed "s#/etc/prometheus/#$tmp/#g" "$dir/prometheus.yml" >"$tmp/prometheus.yml"
  promtool check config "$tmp/prometheus.yml" || rc=$?
  rm -rf "$tmp"
  return "$rc"
}
# in_file FILE REGEX: FILE has a line matching the extended REGEX.
in_file() { grep -Eq -- "$2" "$1" || { echo "$1: no line matches $2"; return 1; }; }

check "promtool check rules ${rules[*]}" promtool check rules "${rules[@]}"
check "promtool check config $dir/prometheus.yml (with its rule files)" config_checks
check "promtool test rules $dir/rules-test.yml" promtool test rules "$dir/rules-test.yml"
mapfile -t alerts < <(sed -n 's/^ *- alert: *//p' "${rules[@]}")
check "the rule files define alerts (${#alerts[@]})" ge "${#alerts[@]}" 1
for a in "${alerts[@]}"; do
  check "alert $a has a unit test" in_file "$dir/rules-test.yml" "alertname: $a\$"
  check "alert $a is fired in the lab by labs/07-alerts.sh" in_file labs/07-alerts.sh "\\b$a\\b"
done
checks_summary
