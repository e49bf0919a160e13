// `takt tokens revoke <id>` checks the id before it opens the store: a malformed one is a usage
// error (exit 2) that names <id> and the rule and creates nothing (a typo'd --data-dir is not made);
// a token pasted in place of its id is not repeated in the error line, which ends up in logs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from './support/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'takt-tokens-revoke-'));
const dataDir = join(root, 'data');
const admin = (...argv: string[]) => runCli(argv, { TAKT_DATA_DIR: dataDir });

after(() => rmSync(root, { recursive: true, force: true }));

describe('takt tokens revoke <id>', () => {
  test('a malformed id is refused before the data directory is opened or created', async () => {
    const r = await admin('tokens', 'revoke', 'xyz');
    assert.equal(r.code, 2, r.err);
    assert.equal(
      r.err,
      "error: <id>: must be 16 hex characters (the ID column of `takt tokens list`), got 'xyz'\n",
    );
    assert.equal(existsSync(dataDir), false, 'nothing was created');
  });

  test('a token given instead of its id is refused without printing it; the id in upper case works', async () => {
    assert.equal((await admin('subscriptions', 'create')).code, 0);
    const created = await admin('tokens', 'create', '--json');
    assert.equal(created.code, 0, created.err);
    const { id, token } = JSON.parse(created.out) as { id: string; token: string };
    const pasted = await admin('tokens', 'revoke', token);
    assert.equal(pasted.code, 2);
    assert.equal(
      pasted.err,
      'error: <id>: that is a token, not its id; give the ID column of `takt tokens list`\n',
    );
    assert.ok(!pasted.err.includes(token.slice(5)));
    const upper = await admin('tokens', 'revoke', id.toUpperCase());
    assert.equal(upper.code, 0, upper.err);
    assert.equal(upper.out, `Revoked token ${id}\n`);
    const list = JSON.parse((await admin('tokens', 'list', '--json')).out) as {
      id: string;
      revoked: string | null;
    }[];
    assert.notEqual(list.find((t) => t.id === id)?.revoked, null);
  });
});
