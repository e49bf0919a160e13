/**
 * `--help` examples for the local (admin) commands that do not carry their own. Every `takt`
 * command shows examples (issue 7); keeping these together lets the command modules stay about
 * behaviour. Commands that carry their own examples (backup, schedule and schedule preview, the remote ones) are
 * not listed; test/cli/help.test.ts checks that every command ends up with some.
 */
import type { Command } from 'commander';
import { examples } from './remote.js';

const SUB = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

const LOCAL_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  serve: [
    'takt serve',
    'takt serve --data-dir /var/lib/takt --host 0.0.0.0 --port 8443',
    'takt serve --database-url postgres://takt@db/takt --role engine',
  ],
  migrate: ['takt migrate', 'takt migrate --database-url postgres://takt@db/takt'],
  subscriptions: ['takt subscriptions list', 'takt subscriptions create --json'],
  'subscriptions create': ['takt subscriptions create', `takt subscriptions create --id ${SUB} --json`],
  'subscriptions list': ['takt subscriptions list', 'takt subscriptions list --data-dir /var/lib/takt'],
  'subscriptions disable': [`takt subscriptions disable ${SUB}`],
  'subscriptions enable': [`takt subscriptions enable ${SUB}`],
  certs: ['takt certs list', `takt certs add ops.cer --subscription ${SUB}`],
  'certs add': [
    `takt certs add ops.pem --subscription ${SUB}`,
    `takt certs add management.cer --subscription ${SUB}`,
  ],
  'certs list': ['takt certs list'],
  'certs remove': [
    'takt certs remove 3F2C9A0B4E5D6F708192A3B4C5D6E7F8091A2B3C',
    `takt certs remove 3F2C9A0B4E5D6F708192A3B4C5D6E7F8091A2B3C --subscription ${SUB}`,
  ],
  tokens: ['takt tokens list', `takt tokens create --subscription ${SUB} --label ci`],
  'tokens create': [
    `takt tokens create --subscription ${SUB} --label "deploy pipeline"`,
    `takt tokens create --subscription ${SUB} --json`,
  ],
  'tokens list': ['takt tokens list'],
  'tokens revoke': ['takt tokens revoke 9f86d081884c7d65'],
  keys: ['takt keys list', 'takt keys rotate'],
  'keys list': ['takt keys list'],
  'keys rotate': ['takt keys rotate', 'takt keys rotate --database-url postgres://takt@db/takt'],
  'keys reseal': ['takt keys reseal'],
  'keys retire': ['takt keys retire'],
};

/** Adds the examples above to the listed commands, at any depth. */
export function addLocalExamples(cmd: Command, path: readonly string[] = []): void {
  for (const sub of cmd.commands) {
    const subPath = [...path, sub.name()];
    const lines = LOCAL_EXAMPLES[subPath.join(' ')];
    if (lines !== undefined) examples(sub, lines);
    addLocalExamples(sub, subPath);
  }
}
