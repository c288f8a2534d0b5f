#!/bin/sh
# The image's entrypoint: the reference design's docker-entrypoint.sh with `kura exec` in place of five
# `aws ssm get-parameters` calls (and of Python and the AWS CLI in the image).
#
# With PARAMETER_STORE_PREFIX set (the task definition sets it on ECS), `kura exec` reads every parameter
# under /$PARAMETER_STORE_PREFIX/database/sample/master with the task role's credentials, decrypts the
# SecureStrings, puts them in the environment as DB_USER, DB_PASSWORD, DB_HOST, DB_NAME and DB_PORT, and
# replaces itself with the command (CMD: node dist/server.js). Without it the command runs as it is: a
# local `docker run -e DB_USER=…`, or the task definition variant whose `secrets` set DB_* already.
#
# Only the path is built here, and it is not secret: values never pass through argv or this shell.
# `exec` keeps the app as the process that receives ECS's SIGTERM, so it can shut down gracefully.
set -eu

if [ "$#" -eq 0 ]; then
  echo "docker-entrypoint: no command to run (the image's CMD is: node dist/server.js)" >&2
  exit 64
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
