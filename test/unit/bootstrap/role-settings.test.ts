// An engine-only node names the API listener settings it ignores (docs/operations.md, "Cluster").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warnIgnoredApiSettings } from '../../../src/bootstrap/role-settings.js';
import { logRecorder } from '../../support/log-recorder.js';

test('an engine-only node warns once about the API settings it ignores; other roles and unset settings say nothing', () => {
  const given = { plainHttpPort: 8080, tlsCertFile: '/etc/takt/cert.pem', tlsKeyFile: '/etc/takt/key.pem' };
  const engine = logRecorder();
  warnIgnoredApiSettings({ role: 'engine', ...given }, engine.logger);
  assert.equal(engine.lines.length, 1);
  assert.equal(engine.lines[0]?.level, 'warn');
  assert.match(engine.lines[0]?.msg ?? '', /^an engine-only node serves no API: these settings are ignored/);
  assert.deepEqual(engine.lines[0]?.fields['ignored'], ['plainHttpPort', 'tlsCertFile', 'tlsKeyFile']);

  const bare = logRecorder();
  warnIgnoredApiSettings(
    { role: 'engine', plainHttpPort: undefined, tlsCertFile: undefined, tlsKeyFile: undefined },
    bare.logger,
  );
  assert.deepEqual(bare.lines, [], 'nothing given, nothing to say');
  for (const role of ['all', 'api'] as const) {
    const other = logRecorder();
    warnIgnoredApiSettings({ role, ...given }, other.logger);
    assert.deepEqual(other.lines, [], role);
  }
});
