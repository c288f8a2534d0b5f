// AllowedPattern: a Java regular expression the whole value must match (Matcher.matches). Patterns
// come from callers, so a pattern like `(a+)+b` could pin the event loop on an 8 KB value. Matching
// runs in a vm context with a time limit; a pattern that cannot finish in time fails the write.

import vm from 'node:vm';
import { translateJavaRegex, UnsupportedPatternError } from '../../wire/java-regex.js';
import { ssmErrors } from './errors.js';

const MATCH_TIME_LIMIT_MS = 100;

// One shared context: creating a context per call costs milliseconds, running a script in it ~0.1 ms.
const sandbox = vm.createContext({ re: /$^/, value: '' });
const test = new vm.Script('re.test(value)');

/** Compiles a caller's pattern with Java semantics; throws InvalidAllowedPatternException when invalid. */
export function compileAllowedPattern(pattern: string): RegExp {
  try {
    const { source, flags } = translateJavaRegex(pattern);
    return new RegExp(`^(?:${source})$`, `u${flags}`);
  } catch (error) {
    if (!(error instanceof UnsupportedPatternError) && !(error instanceof SyntaxError)) throw error;
  }
  // Java constructs the translator refuses (mid-pattern flags, class intersections…) may still be
  // valid: fall back to JavaScript's own reading rather than reject what AWS accepts.
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    throw ssmErrors.invalidAllowedPattern();
  }
}

/** Throws ParameterPatternMismatchException unless `value` fully matches `pattern`. */
export function assertMatchesAllowedPattern(pattern: string, value: string): void {
  const re = compileAllowedPattern(pattern);
  sandbox['re'] = re;
  sandbox['value'] = value;
  let matched: boolean;
  try {
    matched = test.runInContext(sandbox, { timeout: MATCH_TIME_LIMIT_MS }) === true;
  } catch {
    // Timed out: the value cannot be validated against the pattern, which is what the error says.
    matched = false;
  } finally {
    // Do not keep a secret value reachable from a long-lived object.
    sandbox['value'] = '';
  }
  if (!matched) throw ssmErrors.parameterPatternMismatch(pattern);
}
