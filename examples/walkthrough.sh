#!/usr/bin/env bash
# The AWS Proton user guide's cross-account walkthrough, run against a fresh local database with
# the guide's two accounts. The clock and the id are pinned so that every reply is the guide's
# own, byte for byte. Run it from anywhere; PROTON_LOCAL names the binary if it is not on PATH.
set -euo pipefail

proton=${PROTON_LOCAL:-proton-local}
# A database of its own in a fresh folder, removed on the way out, unless PROTON_LOCAL_DB names one.
if [[ -z ${PROTON_LOCAL_DB:-} ]]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  export PROTON_LOCAL_DB="$scratch/walkthrough.db"
fi
export AWS_REGION=us-east-1
environment_account=111122223333
management_account=123456789012
role=arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role

step() { printf '\n# %s\n' "$*"; }

step "In the environment account: ask the management account to connect"
PROTON_LOCAL_NOW=2021-04-28T23:13:50.847Z PROTON_LOCAL_NEXT_ID=abcdef01234567890 \
  "$proton" --account-id "$environment_account" create-environment-account-connection \
  --environment-name simple-env-connected --role-arn "$role" --management-account-id "$management_account"

step "In the management account: see the request, and accept it"
"$proton" --account-id "$management_account" list-environment-account-connections \
  --requested-by MANAGEMENT_ACCOUNT --statuses PENDING
PROTON_LOCAL_NOW=2021-04-28T23:15:33.486Z \
  "$proton" --account-id "$management_account" accept-environment-account-connection --id abcdef01234567890

step "Either account can get it"
"$proton" --account-id "$environment_account" get-environment-account-connection --id abcdef01234567890

step "Only the environment account can delete it; the management account is refused"
"$proton" --account-id "$management_account" delete-environment-account-connection --id abcdef01234567890 \
  || echo "(exit code $?)"

step "The environment account deletes it"
"$proton" --account-id "$environment_account" delete-environment-account-connection --id abcdef01234567890
