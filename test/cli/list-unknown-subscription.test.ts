// `takt tokens list` and `takt certs list` with a `--subscription` the store does not have: a
// mistyped id is an error naming it (exit 1, as the other local admin commands answer an id they do not find), not an
// empty list that reads as "this subscription has no tokens". A known one lists as before.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from './support/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'takt-list-unknown-sub-'));
const admin = (...argv: string[]) => runCli(argv, { TAKT_DATA_DIR: join(root, 'data') });
const UNKNOWN = '11111111-2222-4333-8444-555555555555';

after(() => rmSync(root, { recursive: true, force: true }));

describe('list commands with an unknown --subscription', () => {
  test('tokens list and certs list refuse it, naming it; with the known one they list', async () => {
    const created = await admin('subscriptions', 'create', '--json');
    assert.equal(created.code, 0, created.err);
    const { id } = JSON.parse(created.out) as { id: string };
    assert.equal((await admin('tokens', 'create')).code, 0);

    for (const group of ['tokens', 'certs']) {
      const r = await admin(group, 'list', '--subscription', UNKNOWN);
      assert.equal(r.code, 1, `${group}: ${r.err}`);
      assert.equal(r.out, '');
      assert.match(r.err, new RegExp(`no subscription ${UNKNOWN}`));
    }
    const tokens = await admin('tokens', 'list', '--subscription', id, '--json');
    assert.equal(tokens.code, 0, tokens.err);
    assert.equal((JSON.parse(tokens.out) as unknown[]).length, 1);
    const certs = await admin('certs', 'list', '--subscription', id);
    assert.deepEqual([certs.code, certs.out], [0, 'No certificates.\n']);
  });
});
