#!/usr/bin/env bash
# Installs Selenium's Python bindings, which the console test (tests/console.rs) drives the system's
# Chromium and chromedriver with, in a virtual environment under target/ (PROTON_LOCAL_BROWSER_VENV
# to move it). Safe to run again: it does nothing when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${PROTON_LOCAL_BROWSER_VENV:-target/browser-clients}
if "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check 'selenium>=4.10,<5'
