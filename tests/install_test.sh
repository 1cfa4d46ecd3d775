#!/usr/bin/env bash
# Installs the build into a temporary prefix, moves the prefix elsewhere, and runs the installed program
# from an unrelated directory: whatif of an installed scenario and of a copy that sits beside no data,
# calibrate plan, --version, --data-dir and BREAKEVEN_DATA_DIR, and the message when data is nowhere.
# usage: install_test.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset BREAKEVEN_DATA_DIR
fail() { echo "install test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/first" >/dev/null
# A relocated prefix must keep working: the data directory is found relative to the executable.
mv "$tmp/first" "$tmp/prefix"
p=$tmp/prefix
b=$p/bin/breakeven
[[ -x $b ]] || fail "no bin/breakeven in the prefix"
for f in share/breakeven/data/pricing/aws.yaml share/breakeven/data/platform/aws-default.yaml \
         share/breakeven/scenarios/thesis-movielens.yaml share/doc/breakeven/README.md \
         share/doc/breakeven/output.md; do
  [[ -f $p/$f ]] || fail "$f is not installed"
done
mkdir -p "$tmp/elsewhere"
cd "$tmp/elsewhere"

"$b" --version >version.txt
grep -qx "data: $p/share/breakeven/data" version.txt || fail "--version names no installed data: $(cat version.txt)"
grep -q "^pricing: aws version " version.txt || fail "--version names no pricing version: $(cat version.txt)"

"$b" whatif "$p/share/breakeven/scenarios/thesis-movielens.yaml" >installed.txt ||
  fail "whatif of the installed scenario failed"
grep -q "break-even" installed.txt || fail "whatif printed no break-even"
# A scenario beside no data/ finds the installed data; its output is the installed scenario's.
cp "$p/share/breakeven/scenarios/thesis-movielens.yaml" copy.yaml
"$b" whatif copy.yaml --format json >copy.json || fail "whatif of a copied scenario failed"
"$b" whatif "$p/share/breakeven/scenarios/thesis-movielens.yaml" --format json >installed.json
grep -q "\"pricing\"" copy.json || fail "whatif JSON names no pricing file"
grep -o '"sha256": *"[0-9a-f]*"' copy.json | sort >copy.sha
grep -o '"sha256": *"[0-9a-f]*"' installed.json | sort >installed.sha
[[ -s copy.sha ]] && diff copy.sha installed.sha >/dev/null || fail "the copy did not read the installed data files"

"$b" calibrate plan --region us-east-2 >plan.txt || fail "calibrate plan failed from another directory"
grep -q "estimated total" plan.txt || fail "calibrate plan printed no estimate"

# An explicit data directory wins, by option or environment; a missing one is named in the message.
"$b" --data-dir "$p/share/breakeven/data" calibrate plan >/dev/null || fail "--data-dir failed"
BREAKEVEN_DATA_DIR=$p/share/breakeven/data "$b" --version | grep -q "(from BREAKEVEN_DATA_DIR)" ||
  fail "BREAKEVEN_DATA_DIR is not reported by --version"
mv "$p/share/breakeven/data" "$tmp/moved-data"
set +e
"$b" whatif copy.yaml 2>missing.txt
code=$?
set -e
[[ $code == 2 ]] || fail "whatif without data exited $code, expected 2"
grep -q "include.pricing: cannot find ../data/pricing/aws.yaml; looked in .*$p/share/breakeven/data/pricing/aws.yaml" \
  missing.txt || fail "the message does not say where the pricing file was looked for: $(cat missing.txt)"
"$b" --data-dir "$tmp/moved-data" whatif copy.yaml >/dev/null || fail "--data-dir to a moved data directory failed"
echo "install test: ok"
