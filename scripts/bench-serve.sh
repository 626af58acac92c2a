#!/usr/bin/env bash
# `proton-local serve` throughput and latency: get, create and list (a page of 10) at 1, 8 and 64
# connections, with wrk (installed from Debian's packages when missing) against a release build
# on a fresh database. Prints one line per run: requests/s, latency percentiles, and every answer
# that was not a 200 or a socket error. BENCHMARKS.md ("serve") holds the figures.
#
#   scripts/bench-serve.sh                           # 10 seconds a run
#   DURATION=30s CONNECTIONS="64" scripts/bench-serve.sh
#   BINARY=/path/to/proton-local scripts/bench-serve.sh   # another build, such as an older one
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-10s}
connections=${CONNECTIONS:-"1 8 64"}

if ! command -v wrk >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
if [ -z "${BINARY:-}" ]; then
  cargo build --release --locked --quiet
fi
binary=${BINARY:-$PWD/target/release/proton-local}

work=$(mktemp -d)
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The quota is the operator's; raised so that the creates measure the write path, not refusals.
PROTON_LOCAL_QUOTA=100000000 "$binary" serve --listen 127.0.0.1:0 --db "$work/bench.db" \
  2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  grep -q 'serving' "$work/serve.log" 2>/dev/null && break
  sleep 0.05
done
url=$(grep -o 'http://[^ ]*' "$work/serve.log")

env_account=111122223333
as_env() {
  "$binary" --endpoint-url "$url" --account-id "$env_account" --region us-east-1 "$@"
}
# Something to get, and more than a page to list.
for n in $(seq 20); do
  as_env create-environment-account-connection --environment-name "listed-$n" \
    --management-account-id 123456789012 \
    --role-arn "arn:aws:iam::$env_account:role/bench" --query environmentAccountConnection.id \
    --output text >"$work/id"
done
id=$(cat "$work/id")

# Each script signs as an account: the access key id is the account, the scope the region.
common_lua='
local function auth(account)
  return "AWS4-HMAC-SHA256 Credential=" .. account ..
    "/20210428/us-east-1/proton/aws4_request, SignedHeaders=host, Signature=bench"
end
local function call(operation, account, body)
  return wrk.format("POST", "/", {
    ["X-Amz-Target"] = "AwsProton20200720." .. operation,
    ["Content-Type"] = "application/x-amz-json-1.0",
    ["Authorization"] = auth(account),
  }, body)
end
'
cat >"$work/get.lua" <<EOF
$common_lua
local body = '{"id": "$id"}'
request = function() return call("GetEnvironmentAccountConnection", "$env_account", body) end
EOF
cat >"$work/list.lua" <<EOF
$common_lua
local body = '{"requestedBy": "ENVIRONMENT_ACCOUNT", "maxResults": 10}'
request = function() return call("ListEnvironmentAccountConnections", "$env_account", body) end
EOF
# Unique names per thread and request; 1000 accounts take turns, so no account nears its quota
# and each account's rows stay few (the quota check counts them).
cat >"$work/create.lua" <<EOF
$common_lua
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end
local count = 0
local run = tostring(os.time())
request = function()
  count = count + 1
  local account = string.format("%012d", 200000000000 + (count * 7 + number) % 1000)
  local body = '{"environmentName": "b' .. run .. '-' .. number .. '-' .. count ..
    '", "managementAccountId": "123456789012", "roleArn": "arn:aws:iam::' .. account ..
    ':role/bench"}'
  return call("CreateEnvironmentAccountConnection", account, body)
end
EOF

printf '%s, %s cores, %s\n' "$(git rev-parse --short HEAD)" "$(nproc)" "$(uname -sr)"
printf '%-7s %5s %10s %9s %9s %9s %9s %7s\n' operation conns 'req/s' p50 p90 p99 max errors
for operation in get create list; do
  for c in $connections; do
    threads=$((c < 2 ? c : 2))
    wrk -t "$threads" -c "$c" -d "$duration" --latency -s "$work/$operation.lua" "$url" \
      >"$work/wrk.out"
    awk -v op="$operation" -v c="$c" '
      /Requests\/sec/ { rps = $2 }
      /^    Latency/ { max = $4 }
      /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
      /Non-2xx/ { errors += $NF }
      /Socket errors/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
      END { printf "%-7s %5s %10s %9s %9s %9s %9s %7d\n", op, c, rps, p50, p90, p99, max, errors }
    ' "$work/wrk.out"
  done
done
