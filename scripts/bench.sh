#!/usr/bin/env bash
# Times single commands of a release build with hyperfine and prints the figures and two ratios:
# a list page on a large table against the same page on a one-row table, and a page deep into
# the large table against its first page. Keyset pages should keep both ratios near 1.
# Needs hyperfine (Debian: apt-get install hyperfine). ROWS sets the large table's size.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-5000}
command -v hyperfine >/dev/null || { echo "bench.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
cargo build --quiet --release --locked
bin=$PWD/target/release/proton-local
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export AWS_REGION=us-east-1 PROTON_LOCAL_QUOTA=$((rows + 10))
env_account=111122223333 management=123456789012
role=arn:aws:iam::111122223333:role/bench

echo "filling a table of $rows connections..."
seq 1 "$rows" | xargs -P "$(nproc)" -I{} "$bin" --db "$work/large.db" --account-id $env_account \
  create-environment-account-connection --environment-name "env-{}" --management-account-id $management \
  --role-arn $role >/dev/null
"$bin" --db "$work/small.db" --account-id $env_account create-environment-account-connection \
  --environment-name env-1 --management-account-id $management --role-arn $role >/dev/null

list="--account-id $management list-environment-account-connections --requested-by MANAGEMENT_ACCOUNT --max-results 10"
id=$("$bin" --db "$work/large.db" $list | sed -n 's/.*"id": "\(.*\)".*/\1/p' | head -1)
# The token for the page that starts at the last tenth of the table.
token=""
for _ in $(seq 1 $((rows * 9 / 10 / 100))); do
  token=$("$bin" --db "$work/large.db" --account-id $management list-environment-account-connections \
    --requested-by MANAGEMENT_ACCOUNT --max-results 100 ${token:+--next-token "$token"} |
    sed -n 's/.*"nextToken": "\(.*\)".*/\1/p')
done

hyperfine -N --warmup 30 --runs 300 --export-json "$work/times.json" \
  -n "process start (/bin/true)" "/bin/true" \
  -n "proton-local --version" "$bin --version" \
  -n "get" "$bin --db $work/large.db --account-id $management get-environment-account-connection --id $id" \
  -n "accept (already connected)" "$bin --db $work/large.db --account-id $management accept-environment-account-connection --id $id" \
  -n "list page, 1 row" "$bin --db $work/small.db $list" \
  -n "list page, $rows rows" "$bin --db $work/large.db $list" \
  -n "list page 90% deep, $rows rows" "$bin --db $work/large.db $list --next-token $token"

python3 - "$work/times.json" "$rows" <<'PY'
import json, sys
runs = {r["command"]: r["mean"] * 1000 for r in json.load(open(sys.argv[1]))["results"]}
rows = sys.argv[2]
print()
for name, ms in runs.items():
    print(f"{name:40} {ms:6.2f} ms")
print()
print(f"list page, {rows} rows / 1 row:          x{runs[f'list page, {rows} rows'] / runs['list page, 1 row']:.2f}")
print(f"list page 90% deep / first page:        x{runs[f'list page 90% deep, {rows} rows'] / runs[f'list page, {rows} rows']:.2f}")
PY
