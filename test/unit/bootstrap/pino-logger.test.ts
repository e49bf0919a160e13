import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../../src/bootstrap/pino-logger.js';

test('log lines are JSON with the node id; credentials are redacted at every usual depth', () => {
  const sink = new PassThrough();
  let text = '';
  sink.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const { logger } = createLogger({ level: 'info', nodeId: 'n1', destination: sink });
  logger.info(
    {
      req: { headers: { authorization: 'Bearer takt_abc', host: 'h' } },
      password: 'top-level-pw',
      action: { secret: 'oauth-secret', sasKey: 'sb-key' },
      job: { auth: { pfx: 'MIIpfx', password: 'pfx-pw' } },
      keep: 'visible',
    },
    'hello',
  );
  logger.child({ role: 'api' }).warn({ token: 'takt_def' }, 'child');
  logger.debug({}, 'below the level');
  const lines = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, 2);
  for (const secret of [
    'takt_abc',
    'top-level-pw',
    'oauth-secret',
    'sb-key',
    'MIIpfx',
    'pfx-pw',
    'takt_def',
  ]) {
    assert.ok(!text.includes(secret), `${secret} leaked`);
  }
  assert.equal(lines[0]!['node'], 'n1');
  assert.equal(lines[0]!['msg'], 'hello');
  assert.equal(lines[0]!['keep'], 'visible');
  assert.equal(
    (lines[0]!['req'] as { headers: Record<string, string> }).headers['authorization'],
    '[redacted]',
  );
  assert.equal((lines[0]!['req'] as { headers: Record<string, string> }).headers['host'], 'h');
  assert.equal(lines[1]!['role'], 'api');
  assert.equal(lines[1]!['token'], '[redacted]');
});
