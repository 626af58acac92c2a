#!/usr/bin/env bash
# The memory of a list of every row through `proton-local serve` and `--endpoint-url` (issue 8):
# fills one file with ROWS connections straight with sqlite3 (as scripts/bench.py does), then for
# each build starts a server on it, lists every row through it into /dev/null, and prints the
# server's peak RSS (VmHWM in /proc/PID/status, read before it stops) over lists fetched with
# curl, then the client's peak RSS (GNU time) and wall time over lists through the build's own
# --endpoint-url, whose stdout must be the local command's bytes. Settings: ROWS=100000, BIN=target/release/proton-local,
# BASELINE=PATH (another build, measured first, on the same file), RUNS=3 (lists per server; the
# peak is that of all of them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
BIN=${BIN:-target/release/proton-local}
RUNS=${RUNS:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/p.db
ENV_ACCOUNT=111122223333
MGMT_ACCOUNT=123456789012
ROLE="arn:aws:iam::$ENV_ACCOUNT:role/service-role/env-account-proton-service-role"

AWS_REGION=us-east-1 "$BIN" --db "$DB" --account-id $ENV_ACCOUNT list-environment-account-connections \
  --requested-by ENVIRONMENT_ACCOUNT >/dev/null
sqlite3 "$DB" >/dev/null <<SQL
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $ROWS)
INSERT INTO environment_account_connections (id, region, environment_account_id,
  management_account_id, environment_name, status, role_arn, component_role_arn, requested_at,
  last_modified_at)
SELECT printf('%08x-0000-4000-8000-%012x', i, i), 'us-east-1', '$ENV_ACCOUNT', '$MGMT_ACCOUNT',
       'env-' || i, 'PENDING', '$ROLE', CASE WHEN i % 2 = 0 THEN '$ROLE-component' END,
       1619651630000 + i * 1000, 1619651630000 + i * 1000
FROM seq;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL

AUTH="AWS4-HMAC-SHA256 Credential=$MGMT_ACCOUNT/20210428/us-east-1/proton/aws4_request, SignedHeaders=host, Signature=0"

mib() { awk -v kib="$1" 'BEGIN { printf "%.1f MiB", kib / 1024 }'; }

measure() { # name binary
  local name=$1 bin=$2 log=$WORK/serve.log
  "$bin" serve --listen 127.0.0.1:0 --db "$DB" 2>"$log" &
  local pid=$!
  until grep -q 'http://' "$log" 2>/dev/null; do sleep 0.1; done
  local url idle
  url=$(grep -o 'http://[^ ]*' "$log" | head -1)
  idle=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  # The server's side, with curl as the client.
  for _ in $(seq "$RUNS"); do
    curl -sS -o "$WORK/body.$name" -H 'X-Amz-Target: AwsProton20200720.ListEnvironmentAccountConnections' \
      -H 'Content-Type: application/x-amz-json-1.0' -H "Authorization: $AUTH" \
      --data '{"requestedBy": "MANAGEMENT_ACCOUNT"}' "$url"
  done
  local peak client wall
  peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  # The client's side: this build's own --endpoint-url.
  rm -f "$WORK"/time.*
  for run in $(seq "$RUNS"); do
    if ! /usr/bin/time -f '%M %e' -o "$WORK/time.$run" env AWS_ACCOUNT_ID=$MGMT_ACCOUNT \
      AWS_REGION=us-east-1 "$bin" --endpoint-url "$url" list-environment-account-connections \
      --requested-by MANAGEMENT_ACCOUNT >"$WORK/out.$name" 2>"$WORK/err.$name"; then
      echo "$name: the client failed: $(tail -1 "$WORK/err.$name")" >&2
      echo "fail fail" >"$WORK/time.$run"
    fi
  done
  kill -TERM "$pid"
  wait "$pid" || true
  client=$(awk '{print $1}' "$WORK"/time.* | sort -n | tail -1)
  wall=$(awk '{print $2}' "$WORK"/time.* | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  [ "$client" = fail ] || client=$(mib "$client")
  printf '| %s | %s | %s | %s | %s | %s s |\n' "$name" "$ROWS" "$(mib "$idle")" "$(mib "$peak")" \
    "$client" "$wall"
}

echo "| build | rows | serve RSS before the lists | serve peak RSS (curl) | client peak RSS | client wall time (median) |"
echo "|---|---:|---:|---:|---:|---:|"
if [ -n "${BASELINE:-}" ]; then
  measure before "$BASELINE"
fi
measure after "$BIN"
if [ -n "${BASELINE:-}" ] && ! cmp -s "$WORK/body.before" "$WORK/body.after"; then
  echo "the two servers sent different bodies" >&2
  exit 1
fi
AWS_REGION=us-east-1 "$BIN" --db "$DB" --account-id $MGMT_ACCOUNT list-environment-account-connections \
  --requested-by MANAGEMENT_ACCOUNT >"$WORK/out.local"
cmp -s "$WORK/out.local" "$WORK/out.after" || { echo "the client printed other bytes" >&2; exit 1; }
echo "body: $(wc -c <"$WORK/body.after") bytes; stdout: $(wc -c <"$WORK/out.after") bytes, the local command's" >&2
