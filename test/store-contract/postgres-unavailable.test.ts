import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { StoreUnavailable } from '../../src/ports/store.js';
import { openPostgresStore } from '../../src/store/open-store.js';

/** A TCP port that accepts connections and drops them at once: a database going away. */
async function droppingServer(): Promise<{ server: Server; url: string }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return { server, url: `postgres://takt:takt@127.0.0.1:${address.port}/takt` };
}

/** A port nobody listens on (bound, then released). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `postgres://takt:takt@127.0.0.1:${address.port}/takt`;
}

const isUnavailable = (err: unknown): boolean => {
  assert.ok(err instanceof StoreUnavailable, `expected StoreUnavailable, got ${String(err)}`);
  return true;
};

test('postgres: a refused connection surfaces as StoreUnavailable, for migrate, reads and writes', async () => {
  const url = await closedPortUrl();
  await assert.rejects(openPostgresStore({ url, connectTimeoutMs: 2000 }), isUnavailable);
  const store = await openPostgresStore({ url, connectTimeoutMs: 2000, migrate: false });
  after(() => store.close());
  await assert.rejects(store.getSubscription('x'), isUnavailable);
  await assert.rejects(
    store.createSubscription({ id: 'x', enabled: true, registered: true, createdAt: 0 }),
    isUnavailable,
  );
});

test('postgres: a connection dropped by the server surfaces as StoreUnavailable', async () => {
  const { server, url } = await droppingServer();
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const store = await openPostgresStore({ url, connectTimeoutMs: 2000, migrate: false });
  after(() => store.close());
  await assert.rejects(store.listSubscriptions(), isUnavailable);
  await assert.rejects(store.migrate(), isUnavailable);
});

test('postgres: an invalid schema name is refused before anything is sent', async () => {
  await assert.rejects(
    openPostgresStore({ url: 'postgres://127.0.0.1:1/x', schema: 'a"; DROP', migrate: false }),
    /invalid PostgreSQL schema name/,
  );
});
