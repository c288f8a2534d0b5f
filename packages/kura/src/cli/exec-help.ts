// `kura exec --help`.

export const EXEC_HELP = `Usage: kura exec [options] -- PROGRAM [ARGS...]

Runs PROGRAM with parameters from SSM Parameter Store and secrets from Secrets Manager (real AWS,
or kura serve through AWS_ENDPOINT_URL) in its environment, replacing Kura's process where Node
allows (>= 22.15). SecureStrings are decrypted. Nothing is started unless every source was read.

Sources (any number, in order; later ones win only under --allow-override):
  --path P              every parameter under P: /app/db/host under /app becomes DB_HOST
  --recursive           also read below sub-paths of each --path
  --map NAME=PARAM      one parameter (name or ARN, optional :version or :label) into NAME
  --secret SECRET       every key of a JSON object secret, named as --path names parameters:
                        {"username":…,"password":…} gives USERNAME and PASSWORD
  --map NAME=secretsmanager://SECRET
                        one secret, whole or one key of it, into NAME (a Secrets Manager ARN
                        may also be given without the secretsmanager:// in front)
  NAME=ssm://PARAM      in the inherited environment: replaced by the parameter's value
  NAME=secretsmanager://SECRET
                        in the inherited environment: replaced by the secret (or one key of it)

  SECRET is ID[:json-key[:version-stage[:version-id]]], as in an ECS task definition: ID is the
  secret's name or ARN; json-key picks one key of a JSON object secret; the version is AWSCURRENT
  unless a stage or an id is given (app/db:password, app/db::AWSPREVIOUS). A string value is used
  as it is, any other JSON value as its JSON text (3306, true); null and binary secrets are refused.

Files (written mode 0400 before PROGRAM starts, replaced atomically on a change under --watch,
removed when Kura exits; Kura then stays PROGRAM's parent instead of replacing itself):
  --file PATH=SOURCE    one value into the file PATH instead of the environment; SOURCE is a
                        parameter (name or ARN, :version or :label) or secretsmanager://SECRET.
                        Put PATH on a tmpfs (/dev/shm, or a tmpfs mount): Kura warns otherwise
  --template IN:OUT     render the template IN into OUT: {{NAME}} is the variable NAME of
                        PROGRAM's environment, {{NAME|json}} the same as a JSON string; a name
                        that is not set refuses the start (docs/exec.md has the syntax)

Names and values:
  --prefix STR          put STR in front of names from --path and --secret (one prefix for all:
                        --prefix DB_ gives DB_HOST)
  --allow-override      let a later source replace a name an earlier one set (reported, names only)
  --allow-name N,...    allow names that are refused by default: those that change how programs
                        load (PATH, LD_PRELOAD, NODE_OPTIONS...), where AWS calls go or whose
                        credentials they use (AWS_CONTAINER_*, AWS_ENDPOINT_URL*, AWS_PROFILE,
                        AWS_ACCESS_KEY_ID...), what TLS trusts or which proxy is used
                        (AWS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, HTTPS_PROXY...)
  --strict N,...        fail unless these names end up set and non-empty
  --json-expand         a JSON object value from --map, --path or a reference becomes one
                        variable per key: DB={"username":…} gives DB_USERNAME

Environment of the program:
  --pristine            only what was read (and resolved references); nothing inherited
  --keep-credentials    keep AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (removed
                        by default once Kura has used them; container-credential variables stay)

Connection:
  --timeout DUR         deadline for reading everything, retries included (default 30s); reads
                        are retried as the AWS SDK's standard mode does, with backoff and jitter,
                        up to 8 attempts (AWS_MAX_ATTEMPTS)
  --insecure-http       allow plain HTTP to an endpoint that is not on loopback
                        (HTTPS is always verified; trust a private CA with NODE_EXTRA_CA_CERTS)

Watching (Kura stays PROGRAM's parent, forwards signals and exits with PROGRAM's code):
  --watch[=INTERVAL]    read every source again every INTERVAL (default 30s, at least 5s, with
                        jitter); a complete, valid new result that differs is applied, anything
                        else (unreachable, denied, refused) keeps PROGRAM running as it is and
                        is reported on stderr, names only
  --restart             on a change, stop PROGRAM (SIGTERM, then SIGKILL after --kill-timeout)
                        and start it again with the new environment (the default)
  --reload-signal SIG   on a change, send SIG instead (SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH,
                        SIGALRM): the environment cannot change under a running program, so
                        this suits programs that read --file and --template outputs again
  --kill-timeout DUR    how long --restart waits after SIGTERM (default 10s)

Last-known-good (for when the store cannot be reached at start):
  --fallback FILE       after every complete read, keep what was read in FILE, encrypted
                        (AES-256-GCM, mode 0600); when the store cannot be reached at start
                        (not when a read is denied or a parameter is missing), start from it
  --fallback-key-env VAR
                        the variable holding the file's key: 32 bytes, base64 or hex (removed
                        from PROGRAM's environment)
  --fallback-max-age DUR
                        refuse a file older than this (default 24h)

Every option can also come from a variable: --fallback-max-age is KURA_EXEC_FALLBACK_MAX_AGE,
--path KURA_EXEC_PATH (several values separated by commas or newlines), a flag is on with 1/true.
An option on the command line wins over its variable; KURA_EXEC_* never reach PROGRAM.

Credentials, region and endpoint are found as the AWS SDK's chain finds them: AWS_PROFILE,
AWS_REGION (or AWS_DEFAULT_REGION), AWS_ENDPOINT_URL, the ECS container credentials, instance
profiles. With static keys or container credentials, a region and no shared config files, Kura
reads directly (a faster start); anything else goes through the AWS SDK (docs/exec.md).
Without any source, PROGRAM simply runs with the environment as it is. DUR is 30, 30s, 5m, 2h, 7d.

Exit codes before PROGRAM starts: 2 usage, 3 the store could not be read (unreachable, denied,
throttled, timed out, missing parameter or secret) and no usable last-known-good file stood in,
4 the result was refused (name collision, refused name, --strict, a secret that is not a JSON
object or lacks the key, a template naming a variable that is not set, a --file or --template
output that cannot be written), 126/127 PROGRAM cannot be
run / was not found. After that, PROGRAM's own code (or 128 + the signal that ended it).
`;
