#!/usr/bin/env bash
# Installs the real AWS clients that the server tests drive: the AWS CLI (version 1, the one on
# PyPI) and boto3, in a virtual environment under target/ (PROTON_LOCAL_VENV to move it).
# Safe to run again: it does nothing when they are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${PROTON_LOCAL_VENV:-target/aws-clients}
if "$venv/bin/python" -c 'import awscli, boto3' 2>/dev/null; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check awscli boto3
"$venv/bin/aws" --version
