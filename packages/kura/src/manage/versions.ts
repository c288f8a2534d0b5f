// Picking one version out of a parameter's history by what a user types: a version number (3) or a
// label (prod), as Parameter Store's own selectors do.

import type { ParameterHistory } from '@aws-sdk/client-ssm';
import { CommandError } from './errors.js';

export function pickVersion(name: string, versions: ParameterHistory[], selector: string): ParameterHistory {
  const wanted = selector.replace(/^:/, '');
  const found = /^[0-9]+$/.test(wanted)
    ? versions.find((v) => v.Version === Number(wanted))
    : versions.find((v) => (v.Labels ?? []).includes(wanted));
  if (found) return found;
  const numbers = versions.map((v) => v.Version ?? 0);
  const range = numbers.length === 0 ? 'none' : `${Math.min(...numbers)}-${Math.max(...numbers)}`;
  const what = /^[0-9]+$/.test(wanted) ? `version ${wanted}` : `version labelled '${wanted}'`;
  throw new CommandError(`${name} has no ${what} (versions kept: ${range})`);
}

export function latest(versions: ParameterHistory[]): ParameterHistory | undefined {
  return versions.reduce<ParameterHistory | undefined>((a, v) => (a === undefined || (v.Version ?? 0) > (a.Version ?? 0) ? v : a), undefined);
}
