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
 * Variables that change how a program is loaded or which code it runs. Whoever can write a parameter
 * under the path would otherwise run code in every container that starts with it, so setting one of
 * these needs --allow-name. Compared case-insensitively: refusing `ld_preload` costs nothing.
 */
const LOADER_NAMES = new Set([
  'PATH',
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_EXTRA_CA_CERTS',
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
  'HOSTALIASES',
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
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
]);
/** Whole families: the dynamic linker's (glibc, musl, macOS) and bash's exported functions. */
const LOADER_PREFIXES = ['LD_', 'DYLD_', 'BASH_FUNC_', 'MALLOC_'];

export function isLoaderName(name: string): boolean {
  const upper = name.toUpperCase();
  return LOADER_NAMES.has(upper) || LOADER_PREFIXES.some((prefix) => upper.startsWith(prefix));
}
