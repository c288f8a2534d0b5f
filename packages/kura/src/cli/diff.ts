// `kura diff`: what changed between two versions of a parameter.

import type { ParameterHistory } from '@aws-sdk/client-ssm';
import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, UsageError } from '../manage/errors.js';
import { printable, renderJson, renderRows } from '../manage/output.js';
import { HIDDEN, history } from '../manage/parameters.js';
import { diffLines } from '../manage/text-diff.js';
import { pickVersion } from '../manage/versions.js';

export const HELP = `Usage: kura diff NAME V1 V2 [--decrypt] [--exit-code] [options]

Compares two versions of NAME; V1 and V2 are version numbers or labels. Values are compared
decrypted (that needs kms:Decrypt), but a SecureString's lines are shown only with --decrypt.

  --decrypt           show SecureString values in the diff
  --exit-code         exit 1 when the versions differ (like git diff --exit-code)
  --output F          text (default: a unified diff), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = { decrypt: { type: 'boolean' }, 'exit-code': { type: 'boolean' } } as const;
  return runCommand({ name: 'diff', help: HELP, options }, args, io, async (ctx) => {
    const [name, v1, v2, ...extra] = ctx.positionals;
    if (!name || !v1 || !v2 || extra.length > 0) throw new UsageError('usage: kura diff NAME V1 V2');
    // Decrypted so that two SecureString versions can be compared at all (their ciphertexts always
    // differ); what is printed is decided below.
    const versions = await about(name, history(ctx.aws().ssm, name, true));
    const from = pickVersion(name, versions, v1);
    const to = pickVersion(name, versions, v2);
    const secret = from.Type === 'SecureString' || to.Type === 'SecureString';
    const show = !secret || ctx.flag('decrypt');
    const identical = from.Value === to.Value && from.Type === to.Type;
    const side = (v: ParameterHistory) => ({
      Version: v.Version,
      Type: v.Type,
      LastModifiedDate: v.LastModifiedDate,
      LastModifiedUser: v.LastModifiedUser,
      Labels: v.Labels ?? [],
      ...(show ? { Value: v.Value } : {}),
    });
    if (ctx.output === 'json') {
      ctx.write(renderJson({ Name: name, Identical: identical, ValuesDiffer: from.Value !== to.Value, From: side(from), To: side(to) }));
    } else if (ctx.output === 'table') {
      const a = side(from);
      const b = side(to);
      const rows = (['Version', 'Type', 'LastModifiedDate', 'LastModifiedUser', 'Labels', 'Value'] as const).map((field) => ({
        Field: field,
        [v1]: field === 'Value' && !show ? HIDDEN : a[field as keyof typeof a],
        [v2]: field === 'Value' && !show ? HIDDEN : b[field as keyof typeof b],
      }));
      ctx.write(renderRows('table', rows, ['Field', v1, v2]));
    } else {
      ctx.write(unified(name, from, to, show, identical));
    }
    return ctx.flag('exit-code') && !identical ? 1 : 0;
  });
}

function unified(name: string, from: ParameterHistory, to: ParameterHistory, show: boolean, identical: boolean): string {
  if (identical) return `${name}: versions ${from.Version} and ${to.Version} are identical\n`;
  const header = (mark: string, v: ParameterHistory) =>
    `${mark} ${name}:${v.Version}\t${v.Type}, ${v.LastModifiedDate?.toISOString() ?? '?'}${v.LastModifiedUser ? `, ${v.LastModifiedUser}` : ''}\n`;
  let out = header('---', from) + header('+++', to);
  if (from.Type !== to.Type) out += `type: ${from.Type} -> ${to.Type}\n`;
  if (from.Value === to.Value) return `${out}(values are identical)\n`;
  if (!show) return `${out}(values differ; SecureString: --decrypt to show the lines)\n`;
  return out + diffLines(from.Value ?? '', to.Value ?? '').map((l) => `${l.op}${printable(l.text)}\n`).join('');
}
