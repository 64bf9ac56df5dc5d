#!/usr/bin/env bash
# lab: lint the scripts: shellcheck -S warning on every shell script, py_compile and pyflakes on every Python file
# Usage: ./lab lint [FILE...]   (default: every shell and Python file of the repository, target/ excluded)
# Shell scripts are *.sh plus files whose first line names sh or bash (./lab, .ci/run); Python files are
# *.py plus files whose first line names python (docker/toolbox/probe-grpc). shellcheck follows sourced
# files (.shellcheckrc). Ends with "N passed, M failed" over the files; exits non-zero on any finding.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$L4LAB_ROOT"

ensure_packages shellcheck:shellcheck python3:/usr/bin/python3 python3-pyflakes:/usr/lib/python3/dist-packages/pyflakes

# candidates: the files git knows (tracked, or new and not ignored), else every file under the root.
candidates() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files --cached --others --exclude-standard
  else
    find . -path ./.git -prune -o -type f -print | sed 's#^\./##'
  fi
}

# kind FILE: prints "shell", "python" or nothing.
kind() {
  local first
  case "$1" in
    */target/*|target/*|mvnw|.mvn/*) return 0 ;;   # build output and the generated Maven wrapper
    *.sh) echo shell; return 0 ;;
    *.py) echo python; return 0 ;;
  esac
  [ -f "$1" ] || return 0
  IFS= read -r first <"$1" || true
  case "$first" in
    '#!'*python*) echo python ;;
    '#!'*bash*|'#!'*/sh|'#!'*/sh\ *|'#!'*env\ sh*) echo shell ;;
  esac
}

shell=() python=()
if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(candidates | sort); fi
for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  case "$(kind "$f")" in
    shell) shell+=("$f") ;;
    python) python+=("$f") ;;
  esac
done

passed=0 failed=0
result() { # result FILE STATUS OUTPUT
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); printf '%s\n' "$3"; fi
}

log "shellcheck -S warning: ${#shell[@]} shell scripts"
for f in "${shell[@]}"; do
  rc=0; out=$(shellcheck -S warning "$f" 2>&1) || rc=$?
  result "$f" "$rc" "$out"
done

log "py_compile and pyflakes: ${#python[@]} Python files"
pycache=$(mktemp -d /tmp/l4lab-lint.XXXXXX)
trap 'rm -rf "$pycache"' EXIT
for f in "${python[@]}"; do
  rc=0; out=$(PYTHONPYCACHEPREFIX=$pycache /usr/bin/python3 -m py_compile "$f" 2>&1 && /usr/bin/python3 -m pyflakes "$f" 2>&1) || rc=$?
  result "$f" "$rc" "${out:-$f: does not compile}"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
