import { Command } from 'commander';
import {
  KeysUsageError,
  describeKeyring,
  resealSecrets,
  retireKeys,
  rotateKeys,
} from '../../bootstrap/rotate-keys.js';
import type { KeyringView, PassReport, ResealReport } from '../../bootstrap/rotate-keys.js';
import type { CliContext } from '../context.js';
import { LocalUsageError, configOf, localCommand, runLocal } from './local.js';

// What a pass counts are stored records holding sealed values: job definitions and the action
// snapshots of runs in progress (a record with several secrets counts once).
const passLine = (p: PassReport): string =>
  `pass ${p.pass}: ${p.stale} job(s) or run(s) under an old key, ${p.resealed} re-sealed${p.unreadable > 0 ? `, ${p.unreadable} unreadable` : ''}\n`;

/** `ringIds`: the ids of the keys the ring holds now, to name the ones stored values need and it lacks. */
function summary(r: ResealReport, ringIds: readonly string[]): string {
  const last = r.passes[r.passes.length - 1];
  const lines = [
    r.complete
      ? 'Every readable secret is sealed with the current key.\n'
      : 'Gave up: values kept being written under an old key; run `takt keys reseal` again.\n',
  ];
  if (last && last.unreadable > 0) {
    const missing = [...r.keysInUse].filter((id) => !ringIds.includes(id));
    const keys =
      missing.length > 0
        ? ` (sealed with key ${missing.join(', ')}, not in the ring)`
        : ' (damaged values: their key is in the ring)';
    lines.push(
      `${last.unreadable - last.unreadableRuns} job(s) and ${last.unreadableRuns} run(s) in progress hold secrets no key of the ring opens${keys}; they were left unchanged.\n`,
    );
  }
  return lines.join('');
}

const ringIdsOf = (v: KeyringView): string[] => [v.currentId, ...v.previousIds];

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
      .option('--json', 'print JSON: {"current": id, "previous": [ids]}')
      .action(async (flags: { json?: boolean } & Record<string, unknown>) => {
        await runLocal(ctx, () =>
          guard(() => {
            const v = describeKeyring(configOf(ctx, flags));
            ctx.io.out(
              flags.json
                ? `${JSON.stringify({ current: v.currentId, previous: v.previousIds })}\n`
                : `current   ${v.currentId}\n${v.previousIds.map((id) => `previous  ${id}\n`).join('')}`,
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
            const config = configOf(ctx, flags);
            const { oldId, newId, report } = await rotateKeys(config, { onPass });
            ctx.io.out(
              `Rotated secret key ${oldId} -> ${newId}. ${summary(report, ringIdsOf(describeKeyring(config)))}`,
            );
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
            const config = configOf(ctx, flags);
            const report = await resealSecrets(config, { onPass });
            ctx.io.out(summary(report, ringIdsOf(describeKeyring(config))));
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
