#!/usr/bin/env bash
# What the benchmarks use beyond the project: wrk, hey and valgrind (Debian's packages), and
# httpbin on gunicorn, sync and gevent workers (PyPI), in a venv of their own.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v wrk >/dev/null || ! command -v hey >/dev/null || ! command -v valgrind >/dev/null; then
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk hey valgrind >/dev/null
fi
if ! .httpbin-venv/bin/python -c "import httpbin.core, gunicorn.workers.ggevent" 2>/dev/null; then
  python3 -m venv .httpbin-venv
  # httpbin 0.10 still calls werkzeug 2 APIs
  .httpbin-venv/bin/pip install -q httpbin "werkzeug<3" "flask<3" gunicorn "gevent>=24.10.1" packaging
fi
echo "benchmarks/setup.sh: wrk, hey, valgrind, and httpbin on gunicorn are ready"
