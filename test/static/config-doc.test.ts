// The option tables of docs/operations.md are generated from the configuration schema
// (src/config/schema/) by scripts/config-doc.ts; a table edited by hand, or an option added,
// renamed or changed without regenerating, fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { OPERATIONS_DOC, sectionTable, withConfigTables } from '../../scripts/config-doc.js';

test('docs/operations.md holds the option tables generated from the schema', async () => {
  const committed = readFileSync(OPERATIONS_DOC, 'utf8');
  assert.equal(await withConfigTables(committed), committed, 'run: node --import tsx scripts/config-doc.ts');
});

test('the check can fail: a hand-edited default is noticed', async () => {
  const committed = readFileSync(OPERATIONS_DOC, 'utf8');
  const row = sectionTable('engine')
    .split('\n')
    .find((l) => l.includes('TAKT_LEASE_DURATION'));
  assert.ok(row !== undefined && committed.includes('`engine.leaseDurationMs`'));
  const edited = committed.replace(
    /(\| `engine\.leaseDurationMs` +\| `TAKT_LEASE_DURATION` +\| )30 s/,
    '$145 s',
  );
  assert.notEqual(edited, committed);
  assert.notEqual(await withConfigTables(edited), edited);
});
