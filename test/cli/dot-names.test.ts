// Names the URL cannot carry: '.' and '..' as a path segment are removed by URL parsing, so
// `takt jobs rm -c keep ..` sent DELETE to the collection itself and deleted it (answering
// "Http202"). Every name the CLI puts in a path is refused locally when it is '.' or '..'.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCliServer, type CliServer } from './support/cli-server.js';

describe('takt refuses the names . and .. before sending', () => {
  let s: CliServer;
  const cli = (...args: string[]) => s.cli(...args);
  before(async () => {
    s = await startCliServer();
    assert.equal((await cli('cs', 'create', 'ops', '--region', 'West US')).code, 0);
    assert.equal((await cli('collections', 'create', '-s', 'ops', 'keep')).code, 0);
  });
  after(async () => {
    await s.stop();
  });

  for (const args of [
    ['jobs', 'rm', '-s', 'ops', '-c', 'keep', '..'],
    ['jobs', 'get', '-s', 'ops', '-c', 'keep', '.'],
    ['jobs', 'disable', '-s', 'ops', '-c', 'keep', '..'],
    ['collections', 'rm', '-s', 'ops', '..'],
    ['collections', 'get', '-s', '..', 'keep'],
    ['cs', 'rm', '..'],
  ]) {
    test(`takt ${args.join(' ')}: refused, nothing deleted`, async () => {
      await cli('collections', 'create', '-s', 'ops', 'keep'); // again, if an earlier case lost it
      const r = await cli(...args);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /'\.{1,2}' cannot be a name: a URL path cannot carry '\.' or '\.\.'/);
      const still = await cli('collections', 'get', '-s', 'ops', 'keep');
      assert.equal(still.code, 0, 'the collection is still there');
    });
  }
});
