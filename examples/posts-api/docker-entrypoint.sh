#!/bin/sh
# The image's entrypoint: the reference design's docker-entrypoint.sh with `kura exec` in place of five
# `aws ssm get-parameters` calls (and of Python and the AWS CLI in the image).
#
# With PARAMETER_STORE_PREFIX set (the task definition sets it on ECS), `kura exec` reads every parameter
# under /$PARAMETER_STORE_PREFIX/database/sample/master with the task role's credentials, decrypts the
# SecureStrings, puts them in the environment as DB_USER, DB_PASSWORD, DB_HOST, DB_NAME and DB_PORT, and
# replaces itself with the command (CMD: node dist/server.js). Without either variable below the command
# runs as it is: a local `docker run -e DB_USER=…`, or a task definition variant whose `secrets` set DB_*.
#
# With DB_SECRET_ID set instead (a Secrets Manager secret's name or ARN), `kura exec` reads that one
# JSON secret (the shape RDS and the rotation functions keep: username, password, host, port, dbname)
# and sets DB_USER, DB_PASSWORD, DB_HOST, DB_PORT and DB_NAME from its keys. DB_SECRET_ID stays in
# the app's environment: the app reads the secret again when the database refuses the credentials.
#
# Only the path or the secret's id is built here, and neither is secret: values never pass through
# argv or this shell. `exec` keeps the app as the process that receives ECS's SIGTERM, so it can shut
# down gracefully.
set -eu

if [ "$#" -eq 0 ]; then
  echo "docker-entrypoint: no command to run (the image's CMD is: node dist/server.js)" >&2
  exit 64
fi

if [ -n "${PARAMETER_STORE_PREFIX:-}" ] && [ -n "${DB_SECRET_ID:-}" ]; then
  echo "docker-entrypoint: PARAMETER_STORE_PREFIX and DB_SECRET_ID are both set (set one: where DB_* come from)" >&2
  exit 64
fi

if [ -n "${DB_SECRET_ID:-}" ]; then
  # A name, or an ARN without json-key/stage/id fields: the keys are added below. kura exec checks
  # the rest (a name's characters, the ARN's fields) and refuses to start on anything else.
  id=$DB_SECRET_ID
  case $id in
    arn:*) name=${id#arn:*:secretsmanager:*:*:secret:} ;;
    *) name=$id ;;
  esac
  case $id in
    *[!A-Za-z0-9/_+=.@!:-]*) name='' ;;
  esac
  case $name in
    '' | *[!A-Za-z0-9/_+=.@!-]*)
      echo "docker-entrypoint: DB_SECRET_ID is malformed (expected a Secrets Manager secret name or ARN such as goecssample/db)" >&2
      exit 64
      ;;
  esac
  secret="secretsmanager://$id"
  # One GetSecretValue: kura exec reads a secret once for all its keys.
  exec kura exec --map "DB_USER=$secret:username" --map "DB_PASSWORD=$secret:password" --map "DB_HOST=$secret:host" \
    --map "DB_PORT=$secret:port" --map "DB_NAME=$secret:dbname" -- "$@"
fi

if [ -n "${PARAMETER_STORE_PREFIX:-}" ]; then
  # "goecssample", "/goecssample" and "goecssample/" name the same hierarchy.
  prefix=${PARAMETER_STORE_PREFIX#/}
  prefix=${prefix%/}
  case $prefix in
    '' | *[!A-Za-z0-9_./-]*)
      echo "docker-entrypoint: PARAMETER_STORE_PREFIX is malformed (expected a Parameter Store path such as goecssample)" >&2
      exit 64
      ;;
  esac
  exec kura exec --path "/$prefix/database/sample/master" --prefix DB_ -- "$@"
fi

exec "$@"
