// A PostgreSQL restart (or its sessions terminated) ends every idle connection of a node's pool, and
// node-postgres reports each one: they are logged as one warning, then one a minute while they keep
// coming, like every other repeating failure (docs/operations.md, "Monitoring"). It was one warning
// per connection. Against a real PostgreSQL: the store is opened as `takt serve` opens it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { applicationName } from '../../../src/bootstrap/cluster-link.js';
import { idleErrorReporter, openConfiguredStore } from '../../../src/bootstrap/open-store.js';
import { loadConfig } from '../../../src/config/index.js';
import { StoreUnavailable } from '../../../src/ports/store.js';
import { adminQuery, freshDatabase } from '../../../support/postgres.js';
import { logRecorder } from '../../support/log-recorder.js';
import { ManualClock } from '../../support/manual-clock.js';

const cleanup: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

const idleLines = (lines: { msg: string }[]): number =>
  lines.filter((l) => l.msg.startsWith('PostgreSQL idle client error')).length;

test('idle connections terminated together: one warning for all of them', async () => {
  const db = await freshDatabase('takt_idle_errors');
  cleanup.push(db.drop);
  const cwd = mkdtempSync(join(tmpdir(), 'takt-idle-'));
  cleanup.push(() => rmSync(cwd, { recursive: true, force: true }));
  const config = loadConfig({ cwd, env: { TAKT_DATABASE_URL: db.url, TAKT_NODE_ID: 'idle-test' } });
  const { logger, lines } = logRecorder();
  const store = await openConfiguredStore(config, { logger });
  cleanup.push(() => store.close());
  // Several connections at once, then idle in the pool.
  await Promise.all(Array.from({ length: 6 }, () => store.listSubscriptions()));
  const idle = await adminQuery<{ n: string }>(
    'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
    [db.name, applicationName(config)],
  );
  assert.ok(Number(idle[0]?.n) >= 3, `the pool holds several connections (${idle[0]?.n})`);
  await adminQuery(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
    [db.name, applicationName(config)],
  );
  // The connections' errors arrive together. A query may still be handed a connection whose error
  // is not in yet (it fails, and the pool drops it): once queries are answered again, on as many
  // connections as were cut, every error is in.
  const deadline = Date.now() + 10_000;
  for (let answered = 0; answered < 6 && Date.now() < deadline;) {
    const ok = await Promise.all(
      Array.from({ length: 6 }, () =>
        store.listSubscriptions().then(
          () => true,
          (e: unknown) => {
            if (!(e instanceof StoreUnavailable)) throw e;
            return false;
          },
        ),
      ),
    );
    answered = ok.every(Boolean) ? answered + 6 : 0;
  }
  assert.equal(idleLines(lines), 1, JSON.stringify(lines));
  assert.equal(lines[0]?.level, 'warn');
  assert.match(String(lines[0]?.fields['err']), /terminat/i);
});

test('the reporter: one line per streak, one a minute while it lasts', () => {
  const clock = new ManualClock();
  const { logger, lines } = logRecorder();
  const report = idleErrorReporter(logger, clock);
  for (let i = 0; i < 5; i++) report(new Error('terminating connection due to administrator command'));
  assert.equal(lines.length, 1);
  clock.advance(30_000);
  report(new Error('terminating connection due to administrator command'));
  assert.equal(lines.length, 1, 'within the minute: nothing more');
  clock.advance(30_000);
  report(new Error('terminating connection due to administrator command'));
  assert.equal(lines.length, 2);
  assert.equal(lines[1]?.msg, 'PostgreSQL idle client error (still failing)');
  assert.equal(lines[1]?.fields['failures'], 7);
});
