// `kura rollback`: make an old version current again by writing its value as a new version (history
// is kept; nothing is deleted or relabelled).

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, CommandError, UsageError } from '../manage/errors.js';
import { renderJson, renderTable } from '../manage/output.js';
import { history, putParameter } from '../manage/parameters.js';
import { latest, pickVersion } from '../manage/versions.js';

export const HELP = `Usage: kura rollback NAME VERSION [options]

Writes the value of VERSION (a version number or a label) as a new version of NAME, with that
version's type and KMS key. Description, tier and allowed pattern stay as they are now. When the
current version already has that value and type, nothing is written.

  --output F          text (default), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand({ name: 'rollback', help: HELP, options: {} }, args, io, async (ctx) => {
    const [name, selector, ...extra] = ctx.positionals;
    if (!name || !selector || extra.length > 0) throw new UsageError('usage: kura rollback NAME VERSION');
    const { ssm } = ctx.aws();
    // Decrypted: a SecureString's old value has to be read to be written again (it is never printed).
    const versions = await about(name, history(ssm, name, true));
    const target = pickVersion(name, versions, selector);
    const current = latest(versions);
    if (!target.Value || !target.Type) throw new CommandError(`${name}: version ${target.Version} came back without a value`);
    let version = current?.Version ?? 0;
    const unchanged = current !== undefined && current.Value === target.Value && current.Type === target.Type && current.KeyId === target.KeyId;
    if (!unchanged) {
      const out = await about(name, putParameter(ssm, { name, value: target.Value, type: target.Type, keyId: target.KeyId, overwrite: true }));
      version = out.version;
    }
    const row = { Name: name, Version: version, RestoredFrom: target.Version, Written: !unchanged };
    if (ctx.output === 'json') ctx.write(renderJson(row));
    else if (ctx.output === 'table') ctx.write(renderTable([row], ['Name', 'Version', 'RestoredFrom', 'Written']));
    else if (unchanged) ctx.write(`${name} version ${version} already has the value of version ${target.Version}; nothing written\n`);
    else ctx.write(`${name} version ${version} (the value of version ${target.Version})\n`);
  });
}
