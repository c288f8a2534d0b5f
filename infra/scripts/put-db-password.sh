#!/bin/sh
# Puts the reference design's database password into Parameter Store as a SecureString under the
# stack's key. CloudFormation cannot create a SecureString (AWS::SSM::Parameter takes String and
# StringList only), so this is the one step of a deploy that is not in the template (README: deploy).
#
#   printf %s "$DB_PASSWORD" | infra/scripts/put-db-password.sh [--overwrite] [kura options]
#   infra/scripts/put-db-password.sh [--overwrite] [kura options]     (on a terminal: asks, no echo)
#
# It runs `kura put /<prefix>/database/sample/master/password --type SecureString --key-id alias/posts-api`
# with the caller's AWS credentials and region (AWS_PROFILE, AWS_REGION, or kura's --profile and
# --region), or against a Kura server with --endpoint-url. --overwrite writes a new version of an
# existing password (a rotation; tasks read it at their next start).
#
# The password goes from stdin to kura's stdin: never into argv (which `ps` shows to every user), the
# shell history or this script's output. (printf is a shell builtin, not a process.)
#
# Environment: PARAMETER_PREFIX (default goecssample, as the stack's -c parameterPrefix), KEY_ID
# (default alias/posts-api, the stack's key alias), KURA (the kura command, e.g. "node /path/kura.js";
# default: `kura` on the PATH, else this checkout's packages/kura/bin/kura.js).
set -eu

prefix=${PARAMETER_PREFIX:-goecssample}
key=${KEY_ID:-alias/posts-api}
name="/$prefix/database/sample/master/password"
description='The database master user password'
here=$(cd "$(dirname "$0")" && pwd)

kura_cmd() {
  if [ -n "${KURA:-}" ]; then
    # Split on purpose: KURA may be a program and its first arguments ("node /path/to/kura.js").
    # shellcheck disable=SC2086
    $KURA "$@"
  elif command -v kura >/dev/null 2>&1; then
    kura "$@"
  else
    node "$here/../../packages/kura/bin/kura.js" "$@"
  fi
}

if [ -t 0 ]; then
  printf 'Password for %s: ' "$name" >&2
  saved=$(stty -g)
  trap 'stty "$saved"' EXIT
  trap 'exit 130' INT TERM
  stty -echo
  IFS= read -r password || password=''
  stty "$saved"
  trap - EXIT INT TERM
  printf '\n' >&2
  if [ -z "$password" ]; then
    echo "put-db-password: the password is empty" >&2
    exit 64
  fi
  printf '%s' "$password" | kura_cmd put "$name" - --type SecureString --key-id "$key" --description "$description" "$@"
else
  kura_cmd put "$name" - --type SecureString --key-id "$key" --description "$description" "$@"
fi
