import { Command } from 'commander';
import {
  KeysUsageError,
  describeKeyring,
  resealSecrets,
  retireKeys,
  rotateKeys,
} from '../../bootstrap/rotate-keys.js';
import type { PassReport, ResealReport } from '../../bootstrap/rotate-keys.js';
import type { CliContext } from '../context.js';
import { LocalUsageError, configOf, localCommand, runLocal } from './local.js';

const passLine = (p: PassReport): string =>
  `pass ${p.pass}: ${p.stale} value(s) under an old key, ${p.resealed} re-sealed${p.unreadable > 0 ? `, ${p.unreadable} unreadable` : ''}\n`;

function summary(r: ResealReport): string {
  const unreadable = r.passes[r.passes.length - 1]?.unreadable ?? 0;
  const lines = [
    r.complete
      ? 'Every readable secret is sealed with the current key.\n'
      : 'Gave up: values kept being written under an old key; run `takt keys reseal` again.\n',
  ];
  if (unreadable > 0)
    lines.push(`${unreadable} job(s) hold secrets no known key opens; they were left unchanged.\n`);
  return lines.join('');
}

/** Maps the key module's usage errors onto the CLI's (exit 2). */
async function guard<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    throw e instanceof KeysUsageError ? new LocalUsageError(e.message) : e;
  }
}

/** `takt keys list|rotate|reseal|retire`: the secret key ring (docs/security.md). */
export function keysCommand(ctx: CliContext): Command {
  const keys = new Command('keys').description(
    'The key ring that encrypts stored secrets (passwords, PFX, OAuth secrets, SAS tokens and keys).',
  );
  const onPass = (p: PassReport): void => ctx.io.out(passLine(p));

  keys.addCommand(
    localCommand(new Command('list'))
      .description('Show the current key id and the previous ones kept for opening.')
      .action(async (flags: Record<string, unknown>) => {
        await runLocal(ctx, () =>
          guard(() => {
            const v = describeKeyring(configOf(ctx, flags));
            ctx.io.out(
              `current   ${v.currentId}\n${v.previousIds.map((id) => `previous  ${id}\n`).join('')}`,
            );
            return Promise.resolve();
          }),
        );
      }),
  );
  keys.addCommand(
    localCommand(new Command('rotate'))
      .description(
        'Make a new current key and re-seal every stored secret with it, while nodes keep running.',
      )
      .action(async (flags: Record<string, unknown>) => {
        await runLocal(ctx, () =>
          guard(async () => {
            const { oldId, newId, report } = await rotateKeys(configOf(ctx, flags), { onPass });
            ctx.io.out(`Rotated secret key ${oldId} -> ${newId}. ${summary(report)}`);
            ctx.io.out(
              `The old key stays in the ring for opening; drop it with \`takt keys retire\` once every node runs with the new one.\n`,
            );
            if (!report.complete) ctx.exitCode = 1;
          }),
        );
      }),
  );
  keys.addCommand(
    localCommand(new Command('reseal'))
      .description(
        'Re-seal stored secrets still sealed with a previous key (resumes an interrupted rotation).',
      )
      .action(async (flags: Record<string, unknown>) => {
        await runLocal(ctx, () =>
          guard(async () => {
            const report = await resealSecrets(configOf(ctx, flags), { onPass });
            ctx.io.out(summary(report));
            if (!report.complete) ctx.exitCode = 1;
          }),
        );
      }),
  );
  keys.addCommand(
    localCommand(new Command('retire'))
      .description('Drop previous keys that no stored secret uses any more (re-seals first).')
      .action(async (flags: Record<string, unknown>) => {
        await runLocal(ctx, () =>
          guard(async () => {
            const { retired, kept } = await retireKeys(configOf(ctx, flags), { onPass });
            ctx.io.out(retired.length > 0 ? `Retired ${retired.join(', ')}.\n` : 'No key retired.\n');
            if (kept.length > 0) ctx.io.out(`Still needed by stored values: ${kept.join(', ')}.\n`);
          }),
        );
      }),
  );
  return keys;
}
