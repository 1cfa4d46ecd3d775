#!/usr/bin/env bash
# Runs the bad-input corpus (tests/bad_inputs/README.md) through the real program:
#   run.sh BREAKEVEN_BINARY [CASE_DIR...]        (default: every case directory beside this script)
# Each case runs in a fresh copy of its directory; it passes when the exit code is the one in `exit`
# and every line of `stderr` appears in the program's standard error. Exits 1 when a case fails.
set -uo pipefail
binary="$(realpath "$1")"
shift
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ $# -eq 0 ]]; then
  set -- "$here"/*/
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0 passed=0
for case_dir in "$@"; do
  case_dir="${case_dir%/}"
  name="$(basename "$case_dir")"
  if [[ ! -f "$case_dir/args" || ! -f "$case_dir/exit" || ! -f "$case_dir/stderr" ]]; then
    echo "FAIL $name: a case needs the files args, exit and stderr" >&2
    failed=$((failed + 1))
    continue
  fi
  rm -rf "${work:?}/case" && cp -r "$case_dir" "$work/case"
  # @REPO@ in an argument or an input file names the repository's root (shipped scenarios, data files).
  grep -rlF '@REPO@' "$work/case" | while IFS= read -r f; do sed -i "s|@REPO@|$repo|g" "$f"; done
  mapfile -t args < "$work/case/args"
  expected_exit="$(tr -d '[:space:]' < "$case_dir/exit")"
  (cd "$work/case" && timeout 60 "$binary" "${args[@]}" >"$work/stdout" 2>"$work/stderr" </dev/null)
  actual_exit=$?
  problem=""
  if [[ "$actual_exit" != "$expected_exit" ]]; then
    problem="exit code $actual_exit, expected $expected_exit"
  else
    while IFS= read -r fragment || [[ -n "$fragment" ]]; do
      [[ -z "$fragment" ]] && continue
      fragment="${fragment//@REPO@/$repo}"
      if ! grep -qF -- "$fragment" "$work/stderr"; then
        problem="stderr lacks: $fragment"
        break
      fi
    done < "$case_dir/stderr"
  fi
  if [[ -n "$problem" ]]; then
    echo "FAIL $name: $problem" >&2
    sed 's/^/  stderr: /' "$work/stderr" | head -20 >&2
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done
echo "bad inputs: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
