#!/bin/sh
# The Lambda custom runtime's entry point. The probe was built on Debian 12 (glibc 2.36) and
# provided.al2023 has glibc 2.34, so it runs with the loader and C library it was built with, bundled in
# lib/, instead of the image's.
cd "${LAMBDA_TASK_ROOT:-$(dirname "$0")}" || exit 1
for loader in ./lib/ld-linux-*.so.*; do
  exec "$loader" --library-path ./lib ./bin/breakeven-probe
done
echo "breakeven-probe: no loader in lib/" >&2
exit 1
