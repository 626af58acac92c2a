#!/usr/bin/env bash
# The benchmark of issue 8, in one command: scripts/bench.sh
#
# Installs what it needs if it is missing (hyperfine and sqlite3 from apt, else hyperfine with
# cargo), builds the release binary, fills one file per size straight with sqlite3 (a million
# rows in seconds, not a million process starts), then prints, as medians with min and max and
# as ratios measured in the same run:
#   - create, get, accept, update and a list page against sqlite3 running the same statements
#     on the same file with the same durability (WAL, synchronous=NORMAL), with peak memory;
#   - --max-results 100 pages at the largest size against the smallest, for every filter, from
#     both sides;
#   - the full list against sqlite3 -json, with peak memory;
#   - the AWS CLI v2 (/usr/bin/aws, when installed) running the same commands through `serve`,
#     beside proton-local as that server's client and on the file;
#   - then scripts/bench-serve.sh: serve's throughput and latency at 1, 8 and 64 connections.
# SIZES="1000 100000 1000000" (default), RUNS=30, FULL_RUNS=5, KEEP=DIR to keep (and reuse) the
# files. The figures of one run on a reference machine are in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

install() {
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y --no-install-recommends "$@" >/dev/null
  elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then
    sudo apt-get install -y --no-install-recommends "$@" >/dev/null
  else
    return 1
  fi
}
command -v sqlite3 >/dev/null || install sqlite3 || { echo "bench.sh needs sqlite3" >&2; exit 1; }
command -v hyperfine >/dev/null || install hyperfine || cargo install --locked hyperfine
command -v python3 >/dev/null || install python3 || { echo "bench.sh needs python3" >&2; exit 1; }
[ -x /usr/bin/time ] || install time || { echo "bench.sh needs GNU time at /usr/bin/time" >&2; exit 1; }

cargo build --quiet --release --locked
python3 scripts/bench.py "$PWD/target/release/proton-local"
BINARY="$PWD/target/release/proton-local" exec scripts/bench-serve.sh
