// The composition root's cleanup stack: closes newest first, keeps going past a failing close
// (and logs it), and closes once however often it is asked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CleanupStack } from '../../../src/bootstrap/cleanup-stack.js';
import type { Logger } from '../../../src/ports/logger.js';

function recordingLogger(lines: string[]): Logger {
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (fields: Record<string, unknown>, message: string) =>
      void lines.push(`${message} ${JSON.stringify(fields)}`),
    error() {},
    child: () => logger,
  };
  return logger;
}

test('closes in reverse order of registration, past a failing close, once', async () => {
  const warnings: string[] = [];
  const stack = new CleanupStack(recordingLogger(warnings));
  const closed: string[] = [];
  stack.push('store', 'db', (r) => void closed.push(r));
  stack.push('engine', 'engine', () => Promise.reject(new Error('stuck')));
  const listener = stack.push('listener', { name: 'https' }, async (r) => {
    await Promise.resolve();
    closed.push(r.name);
  });
  assert.equal(listener.name, 'https');
  await Promise.all([stack.close(), stack.close()]);
  await stack.close();
  assert.deepEqual(closed, ['https', 'db']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /error while stopping .*"resource":"engine".*stuck/);
});
