// How parameters become environment variable names, and which names Kura will not set.
//
// A parameter under --path is named by the part of its name below the path: `/` and every other
// character outside [A-Za-z0-9_] become `_`, letters are upper-cased, --prefix goes in front, and a
// name that would still start with a digit gets a leading `_` (as `kura export` does), so
// `/goecssample/database/sample/master/user` under `/goecssample` is DATABASE_SAMPLE_MASTER_USER.

/** A name a POSIX shell and execve(2) users can rely on. */
const VALID_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidEnvName(name: string): boolean {
  return VALID_NAME.test(name);
}

/** `/a/b/` and `a/b` are the same path; SSM treats `/foo` and `foo` as one parameter too. */
function trimSlashes(text: string): string {
  return text.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** The part of `parameterName` below `path` (`/` for the root), or undefined when it is not below it. */
export function relativeName(path: string, parameterName: string): string | undefined {
  const base = trimSlashes(path);
  const name = trimSlashes(parameterName);
  if (base === '') return name === '' ? undefined : name;
  if (!name.startsWith(`${base}/`)) return undefined;
  const rest = name.slice(base.length + 1);
  return rest === '' ? undefined : rest;
}

export function envNameFor(relative: string, prefix = ''): string {
  const name = `${prefix}${relative.replace(/\//g, '_').replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()}`;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * The first `.`, `..` or empty level of a parameter name, or undefined. Parameter Store keeps these as
 * ordinary levels (`/app/../prod/x` is a parameter under /app that a writer of `/app/*` can create,
 * not /prod/x), and the variable --path would name from it (`___PROD_X`) reads like the other one.
 */
export function dotLevelOf(parameterName: string): string | undefined {
  const levels = (parameterName.startsWith('/') ? parameterName.slice(1) : parameterName).split('/');
  return levels.find((level) => level === '.' || level === '..' || level === '');
}

/**
 * Names a parameter may not set without --allow-name, in families that share the reason the error
 * gives. Whoever can write a parameter under the path is not, by that alone, trusted to decide which
 * code the program runs, where its AWS calls go, or whose credentials it uses: each name below would
 * hand them one of those. Compared case-insensitively (refusing `ld_preload` or `aws_profile` costs
 * nothing, and the proxy variables are read in lower case too); --allow-name is exact, because on
 * Linux `http_proxy` and `HTTP_PROXY` are two variables.
 */
interface RefusedFamily {
  /** Ends the error line: "refusing to set X from Y: <why>; pass --allow-name X…". */
  why: string;
  names: ReadonlySet<string>;
  prefixes: readonly string[];
}

const LOADING: RefusedFamily = {
  why: 'it changes how programs load',
  names: new Set([
    'PATH',
    'NODE_OPTIONS',
    'NODE_PATH',
    'PYTHONPATH',
    'PYTHONHOME',
    'PYTHONSTARTUP',
    'PYTHONINSPECT',
    'PYTHONUSERBASE',
    'PERL5LIB',
    'PERL5OPT',
    'PERLLIB',
    'RUBYLIB',
    'RUBYOPT',
    'GEM_PATH',
    'BASH_ENV',
    'ENV',
    'SHELLOPTS',
    'BASHOPTS',
    'PS4',
    'IFS',
    'PROMPT_COMMAND',
    'JAVA_TOOL_OPTIONS',
    '_JAVA_OPTIONS',
    'JDK_JAVA_OPTIONS',
    'CLASSPATH',
    'GCONV_PATH',
    'LOCPATH',
    'PHPRC',
    'PHP_INI_SCAN_DIR',
    'DOTNET_STARTUP_HOOKS',
    'DOTNET_ADDITIONAL_DEPS',
    'CORECLR_PROFILER',
    'CORECLR_PROFILER_PATH',
    'CORECLR_ENABLE_PROFILING',
    'COR_PROFILER',
    'COR_PROFILER_PATH',
    'COR_ENABLE_PROFILING',
    'GODEBUG',
    'GOFLAGS',
    // OpenSSL (under Node, Python, Ruby, curl) reads its configuration from here, and a configuration
    // can load engines and providers (shared libraries) from the two directories after it.
    'OPENSSL_CONF',
    'OPENSSL_ENGINES',
    'OPENSSL_MODULES',
  ]),
  /** Whole families: the dynamic linker's (glibc, musl, macOS) and bash's exported functions. */
  prefixes: ['LD_', 'DYLD_', 'BASH_FUNC_', 'MALLOC_'],
};

/**
 * What the AWS SDKs' credential chain and endpoint resolution read from the environment
 * (https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html). Not refused, because they
 * only choose among AWS's own endpoints and parameters legitimately carry them: AWS_REGION and
 * AWS_DEFAULT_REGION (the SDKs refuse a region that is not a host label, so it cannot leave
 * amazonaws.com), AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, AWS_STS_REGIONAL_ENDPOINTS, and
 * tuning such as AWS_MAX_ATTEMPTS or AWS_RETRY_MODE.
 */
const AWS_CALLS: RefusedFamily = {
  why: "it changes where the program's AWS calls go or which credentials they use",
  names: new Set([
    // First in every SDK's chain, ahead of the task role: the program would act as whoever the writer
    // chose, for instance an account of theirs that then receives what the program uploads.
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    // The same credentials under older names: boto's session token, the Java SDK v1's key pair.
    'AWS_SECURITY_TOKEN',
    'AWS_ACCESS_KEY',
    'AWS_SECRET_KEY',
    // Pick another profile of the shared files: another account or role, or a credential_process
    // command (AWS_DEFAULT_PROFILE is the AWS CLI v1's and boto's name).
    'AWS_PROFILE',
    'AWS_DEFAULT_PROFILE',
    // Point the SDK at other files, whose profiles can hold keys, role_arn, endpoint_url, ca_bundle or
    // credential_process, a command the SDK runs to get credentials.
    'AWS_CONFIG_FILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    // The web identity provider (EKS service accounts) assumes AWS_ROLE_ARN with the token read from
    // the file: another role, or a token of the writer's. The session name is what CloudTrail shows,
    // so setting it makes the program's calls appear under another name.
    'AWS_ROLE_ARN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_ROLE_SESSION_NAME',
    // The reverse of AWS_ENDPOINT_URL: calls the operator sent to a private endpoint (or to a Kura)
    // would go to the public one, with the program's credentials.
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
    // botocore loads service models, endpoint rules included, from these directories before its own.
    'AWS_DATA_PATH',
  ]),
  prefixes: [
    // Global and per service (AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_S3…): every call, signed with the
    // program's credentials and carrying its data, goes to that URL.
    'AWS_ENDPOINT_URL',
    // The container provider (ECS task roles, EKS Pod Identity): FULL_URI and RELATIVE_URI say where
    // credentials come from (over HTTPS the SDKs accept any host), AUTHORIZATION_TOKEN(_FILE) what is
    // sent with the request. See https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
    'AWS_CONTAINER_',
    // The instance provider: SERVICE_ENDPOINT(_MODE) says where instance-role credentials come from,
    // DISABLED turns the provider off and V1_DISABLED decides whether the unauthenticated IMDSv1
    // fallback is allowed. See https://docs.aws.amazon.com/sdkref/latest/guide/feature-imds-credentials.html
    'AWS_EC2_METADATA_',
  ],
};

/** What any HTTPS client trusts and which way its connections go, the AWS SDKs' included. */
const NETWORK: RefusedFamily = {
  why: "it changes which servers the program's connections trust or go through",
  names: new Set([
    // Added trust: a CA of the writer's would be trusted for every host, AWS's endpoints included.
    'NODE_EXTRA_CA_CERTS', // Node
    'SSL_CERT_FILE', // OpenSSL's default store, and Go's, Python's, Ruby's
    'SSL_CERT_DIR',
    'AWS_CA_BUNDLE', // the AWS CLI, botocore and the SDKs that read it
    'REQUESTS_CA_BUNDLE', // Python requests
    'CURL_CA_BUNDLE', // curl, and requests too
    'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', // gRPC
    'DENO_CERT', // Deno
    // No trust at all: certificate checks off (Node; Python builds that carry the switch, as RHEL's).
    'NODE_TLS_REJECT_UNAUTHORIZED',
    'PYTHONHTTPSVERIFY',
    // Python's ssl, curl and others write every TLS session's keys there: whoever reads the file can
    // decrypt the traffic, session tokens and decrypted secrets included.
    'SSLKEYLOGFILE',
    // A proxy sees every host name the program calls, and all of a plain-HTTP exchange such as a
    // credentials endpoint's. NO_PROXY lets calls bypass a proxy the operator imposes; Node's
    // NODE_USE_ENV_PROXY makes its HTTP client start following an inherited proxy variable. Lower-case
    // forms are covered by the case-insensitive comparison.
    'HTTPS_PROXY',
    'HTTP_PROXY',
    'ALL_PROXY',
    'NO_PROXY',
    'NODE_USE_ENV_PROXY',
    // Name resolution (glibc): HOSTALIASES maps host names to others; LOCALDOMAIN and RES_OPTIONS
    // (ndots) make `sts.amazonaws.com` be looked up under the writer's domain first.
    'HOSTALIASES',
    'LOCALDOMAIN',
    'RES_OPTIONS',
  ]),
  prefixes: [],
};

const REFUSED: readonly RefusedFamily[] = [LOADING, AWS_CALLS, NETWORK];

/** Why a parameter may not set `name` without --allow-name, or undefined when it may. */
export function refusalReason(name: string): string | undefined {
  const upper = name.toUpperCase();
  return REFUSED.find((family) => family.names.has(upper) || family.prefixes.some((prefix) => upper.startsWith(prefix)))?.why;
}
