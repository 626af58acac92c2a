#!/bin/bash
# Captures what the reference AWS CLI v2.9.19 (/usr/bin/aws, Debian's awscli package) prints for
# proton-local's data, into tests/fixtures/output/aws-cli/, for tests/output.rs:
#   <case>.<format>            stdout of a command that succeeded
#   badqN.query, badqN.stderr  a bad --query and the AWS CLI's error (exit 252 or 255)
# The AWS CLI talks to `proton-local serve` on databases made by proton-local with the clock and
# ids pinned. Run from the repository, after `cargo build`:  bash scripts/capture-output-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PL=$PWD/target/debug/proton-local
OUT=$PWD/tests/fixtures/output/aws-cli
WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$OUT"
E=111122223333 M=123456789012
ROLE=arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role
T1=2021-04-28T23:13:50.847Z T2=2021-04-28T23:15:33.486Z T3=2021-04-28T23:16:00Z
FORMATS="json text table yaml yaml-stream"

start_server() { # db [VAR=value...]
  local db=$1; shift
  env -u PROTON_LOCAL_NOW -u PROTON_LOCAL_NEXT_ID "$@" "$PL" serve --listen 127.0.0.1:0 --db "$db" 2>"$WORK/server.err" &
  SERVER_PID=$!
  for _ in $(seq 100); do grep -q http:// "$WORK/server.err" 2>/dev/null && break; sleep 0.1; done
  URL=$(grep -o 'http://[^ ]*' "$WORK/server.err" | head -1)
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }
cap() { # name args...   (as the environment account)
  local name=$1; shift
  local code=0
  AWS_ACCESS_KEY_ID=$E AWS_SECRET_ACCESS_KEY=x AWS_CONFIG_FILE=/dev/null \
    AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER= \
    /usr/bin/aws --region us-east-1 --endpoint-url "$URL" proton "$@" \
    >"$WORK/stdout" 2>"$WORK/stderr" || code=$?
  if [ $code = 0 ]; then cp "$WORK/stdout" "$OUT/$name"; else cp "$WORK/stderr" "$OUT/$name.stderr"; fi
}
pl() { # db account [VAR=value...] -- args...
  local db=$1 account=$2; shift 2
  local vars=(); while [ "$1" != -- ]; do vars+=("$1"); shift; done; shift
  env -u AWS_DEFAULT_OUTPUT "${vars[@]}" "$PL" --account-id "$account" --region us-east-1 --db "$db" "$@" >/dev/null
}
mk() { # db id at environment-name [options...]
  local db=$1 id=$2 at=$3 name=$4; shift 4
  pl "$db" $E PROTON_LOCAL_NOW=$at PROTON_LOCAL_NEXT_ID=$id -- create-environment-account-connection \
    --environment-name "$name" --management-account-id $M --role-arn $ROLE "$@"
}

# one: a PENDING connection with tags. many: CONNECTED, PENDING with every role, REJECTED at a
# whole second. empty: none.
ONE=$WORK/one.db MANY=$WORK/many.db EMPTY=$WORK/empty.db
mk "$ONE" abcdef01234567890 $T1 simple-env-connected --tags key=team,value=infra
mk "$MANY" abcdef01234567890 $T1 simple-env-connected --tags key=team,value=infra
pl "$MANY" $M PROTON_LOCAL_NOW=$T2 -- accept-environment-account-connection --id abcdef01234567890
mk "$MANY" 0123456789abcdef0 $T2 second-env --codebuild-role-arn arn:aws:iam::111122223333:role/codebuild \
  --component-role-arn arn:aws:iam::111122223333:role/component
mk "$MANY" fedcba9876543210f $T3 third_env
pl "$MANY" $M PROTON_LOCAL_NOW=$T3 -- reject-environment-account-connection --id fedcba9876543210f
pl "$EMPTY" $E -- list-environment-account-connections --requested-by ENVIRONMENT_ACCOUNT

for f in $FORMATS; do
  start_server "$WORK/create-$f.db" PROTON_LOCAL_NOW=$T1 PROTON_LOCAL_NEXT_ID=abcdef01234567890
  cap create.$f create-environment-account-connection --environment-name simple-env-connected \
    --management-account-id $M --role-arn $ROLE --tags key=team,value=infra --output $f
  stop_server
done

LIST="list-environment-account-connections --requested-by ENVIRONMENT_ACCOUNT"
GET1="get-environment-account-connection --id abcdef01234567890"
GET2="get-environment-account-connection --id 0123456789abcdef0"
start_server "$ONE"
for f in $FORMATS; do
  cap get.$f $GET1 --output $f
  cap list1.$f $LIST --output $f
  cap q_scalar.$f $GET1 --query environmentAccountConnection.id --output $f
  cap q_null.$f $GET1 --query nothing --output $f
  cap q_obj.$f $GET1 --query environmentAccountConnection --output $f
  cap q_hash1.$f $GET1 --query 'environmentAccountConnection.{s: status, a: arn, n: `null`, t: `true`, e: `[]`}' --output $f
  cap q_bool.$f $GET1 --query 'environmentAccountConnection.status == `"PENDING"`' --output $f
done
cap color_on.table $GET1 --output table --color on
cap color_off.table $GET1 --output table --color off
AWS_DEFAULT_OUTPUT=text cap env_text $GET1
AWS_DEFAULT_OUTPUT=bogus cap env_bogus $GET1
i=0
for q in 'a[' 'a]' '[?' 'foo bar' 'a.' '@@' '`{' "'abc" 'a[?b==]' 'length(' 'a || ' '!' '{a}' \
         'a[1:2:0]' 'nope(a)' 'length(a, b)' 'abs(`"x"`)'; do
  i=$((i+1))
  [ $i = 14 ] && continue # exits 0 with null: a slice of nothing
  printf '%s' "$q" >"$OUT/badq$i.query"
  cap badq$i $GET1 --query "$q"
done
stop_server

start_server "$MANY"
for f in $FORMATS; do
  cap get2.$f $GET2 --output $f
  cap listN.$f $LIST --output $f
  cap q_proj.$f $LIST --query 'environmentAccountConnections[].id' --output $f
  cap q_hash.$f $LIST --query 'environmentAccountConnections[].{id: id, status: status, env: environmentName}' --output $f
  cap q_filter.$f $LIST --query "environmentAccountConnections[?status=='PENDING']" --output $f
  cap q_lists.$f $LIST --query 'environmentAccountConnections[].[id, status]' --output $f
  cap q_number.$f $LIST --query 'length(environmentAccountConnections)' --output $f
  cap q_empty.$f $LIST --query "environmentAccountConnections[?status=='NONE']" --output $f
  # Paged by the AWS CLI: one connection a page, all pages or the first two.
  cap pages.$f $LIST --page-size 1 --output $f
  cap pages_trunc.$f $LIST --page-size 1 --max-items 2 --output $f
  cap pages_trunc_q.$f $LIST --page-size 1 --max-items 2 --query 'environmentAccountConnections[].id' --output $f
  cap pages_q_null.$f $LIST --page-size 1 --query nothing --output $f
done
stop_server

start_server "$EMPTY"
for f in $FORMATS; do cap list0.$f $LIST --output $f; done
stop_server
