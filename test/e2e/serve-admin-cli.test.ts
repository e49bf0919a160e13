// The local admin commands (takt migrate | subscriptions | certs | tokens) run in-process through
// main(argv, env, io) against a real SQLite file in a temporary data directory.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCa, issueClientCert } from '../../src/bootstrap/first-start/pki.js';
import { main } from '../../src/cli/main.js';
import { openSqliteStore } from '../../src/store/open-store.js';

const root = mkdtempSync(join(tmpdir(), 'takt-admin-cli-'));
const dataDir = join(root, 'data');
const env = { TAKT_DATA_DIR: dataDir };

async function takt(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, env, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

/** Asserts a failure: the exit code and exactly one line on standard error, no stack trace. */
function fails(r: { code: number; out: string; err: string }, code: number, message: RegExp): void {
  assert.equal(r.code, code, r.err);
  assert.equal(r.out, '');
  assert.match(r.err, /^error: [^\n]+\n$/);
  assert.match(r.err, message);
  assert.doesNotMatch(r.err, /\n\s+at /);
}

after(() => rmSync(root, { recursive: true, force: true }));

describe('takt migrate and takt subscriptions', () => {
  test('migrate creates the schema in the data directory, and says what it did', async () => {
    const r = await takt('migrate');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Applied \d+ migrations; schema up to date: SQLite /);
    assert.ok(r.out.endsWith(`SQLite ${join(dataDir, 'takt.db')}\n`), r.out);
    const again = await takt('migrate');
    assert.equal(again.code, 0, 'migrating twice is fine');
    assert.equal(again.out, `Schema already up to date: SQLite ${join(dataDir, 'takt.db')}\n`);
  });

  test('create, list, duplicate and malformed ids', async () => {
    const id = '0A1B2C3D-0000-4000-8000-00000000000A';
    const created = await takt('subscriptions', 'create', '--id', id);
    assert.equal(created.code, 0, created.err);
    assert.equal(created.out, `Created subscription ${id.toLowerCase()}\n`);
    const random = await takt('subscriptions', 'create', '--json');
    const doc = JSON.parse(random.out) as { id: string; enabled: boolean; registered: boolean };
    assert.equal(doc.enabled, true);
    assert.equal(doc.registered, true);

    const list = await takt('subscriptions', 'list', '--json');
    const ids = (JSON.parse(list.out) as { id: string }[]).map((s) => s.id).sort();
    assert.deepEqual(ids, [id.toLowerCase(), doc.id].sort());
    const table = await takt('subscriptions', 'list');
    assert.match(table.out, /^ID\s+ENABLED\s+REGISTERED\s+CREATED\n/);
    assert.ok(table.out.includes(id.toLowerCase()));

    fails(
      await takt('subscriptions', 'create', '--id', id),
      2,
      /--id: subscription 0a1b2c3d-0000-4000-8000-00000000000a already exists/,
    );
    fails(await takt('subscriptions', 'create', '--id', 'nope'), 2, /--id: must be a GUID, got 'nope'/);
  });

  test('disable and enable', async () => {
    const id = '0a1b2c3d-0000-4000-8000-00000000000a';
    const disabled = await takt('subscriptions', 'disable', id);
    assert.equal(disabled.code, 0);
    assert.equal(
      disabled.out,
      `Disabled subscription ${id}: its requests get 403 and its jobs wait until \`takt subscriptions enable ${id}\`.\n`,
    );
    let subs = JSON.parse((await takt('subscriptions', 'list', '--json')).out) as {
      id: string;
      enabled: boolean;
    }[];
    assert.equal(subs.find((s) => s.id === id)?.enabled, false);
    const enabled = await takt('subscriptions', 'enable', id);
    assert.equal(enabled.code, 0);
    assert.match(enabled.out, /^Enabled subscription \S+: its requests are served and its jobs run again/);
    subs = JSON.parse((await takt('subscriptions', 'list', '--json')).out) as {
      id: string;
      enabled: boolean;
    }[];
    assert.equal(subs.find((s) => s.id === id)?.enabled, true);
    fails(
      await takt('subscriptions', 'disable', '0a1b2c3d-0000-4000-8000-0000000000ff'),
      1,
      /no subscription/,
    );
  });
});

describe('takt certs', () => {
  const sub = '0a1b2c3d-0000-4000-8000-00000000000a';
  let certFile: string;
  let derFile: string;
  let thumbprint: string;
  before(async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const ca = await createCa(now);
    const client = await issueClientCert(ca, now, 'Build Agent');
    certFile = join(root, 'agent.pem');
    writeFileSync(certFile, client.certPem);
    const der = Buffer.from(client.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    derFile = join(root, 'agent.cer');
    writeFileSync(derFile, der);
    thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
  });

  test('add a PEM certificate, list it with thumbprint, subject, expiry and subscriptions', async () => {
    const r = await takt('certs', 'add', certFile, '--subscription', sub);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      new RegExp(
        `^Added certificate ${thumbprint} \\(CN=Build Agent, expires 2028-01-01T00:00:00Z\\) for subscription ${sub}\\n$`,
      ),
    );
    const list = await takt('certs', 'list');
    assert.match(list.out, /^THUMBPRINT\s+SUBJECT\s+EXPIRES\s+SUBSCRIPTIONS\n/);
    assert.match(
      list.out,
      new RegExp(`${thumbprint}\\s+CN=Build Agent\\s+2028-01-01T00:00:00Z\\s+${sub}\\n`),
    );
    const json = JSON.parse((await takt('certs', 'list', '--subscription', sub, '--json')).out) as {
      thumbprint: string;
      subscriptions: string[];
    }[];
    assert.deepEqual(
      json.map((c) => [c.thumbprint, c.subscriptions]),
      [[thumbprint, [sub]]],
    );
  });

  test('a DER .cer file maps the same certificate to a second subscription', async () => {
    const other = JSON.parse((await takt('subscriptions', 'create', '--json')).out) as { id: string };
    assert.equal((await takt('certs', 'add', derFile, '--subscription', other.id)).code, 0);
    const json = JSON.parse((await takt('certs', 'list', '--json')).out) as {
      thumbprint: string;
      subscriptions: string[];
    }[];
    assert.deepEqual(
      [...(json.find((c) => c.thumbprint === thumbprint)?.subscriptions ?? [])].sort(),
      [sub, other.id].sort(),
    );
    assert.equal((await takt('certs', 'remove', thumbprint, '--subscription', other.id)).code, 0);
    const after = JSON.parse((await takt('certs', 'list', '--json')).out) as {
      thumbprint: string;
      subscriptions: string[];
    }[];
    assert.deepEqual(after.find((c) => c.thumbprint === thumbprint)?.subscriptions, [sub]);
  });

  test('errors: missing subscription flag, unknown subscription, unreadable or non-certificate file', async () => {
    fails(await takt('certs', 'add', certFile), 2, /--subscription: is required/);
    fails(
      await takt('certs', 'add', certFile, '--subscription', '0a1b2c3d-0000-4000-8000-0000000000ff'),
      1,
      /no subscription 0a1b2c3d-0000-4000-8000-0000000000ff/,
    );
    fails(
      await takt('certs', 'add', join(root, 'missing.pem'), '--subscription', sub),
      2,
      /cannot read .*missing\.pem \(ENOENT\)/,
    );
    const junk = join(root, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    fails(await takt('certs', 'add', junk, '--subscription', sub), 2, /not an X\.509 certificate/);
    // A bundle would map only its first certificate: refused, naming the count.
    const pem = readFileSync(certFile, 'utf8');
    assert.match(pem, /-----BEGIN CERTIFICATE-----/);
    const bundle = join(root, 'bundle.pem');
    writeFileSync(bundle, `${pem}\n${pem}`);
    fails(
      await takt('certs', 'add', bundle, '--subscription', sub),
      2,
      /holds 2 certificates; add each from a file of its own/,
    );
    fails(await takt('certs', 'remove', 'abc'), 2, /<thumbprint>: must be 40 hex characters/);
  });

  test('remove (colons and lower case accepted), then removing again fails', async () => {
    const colons = thumbprint.toLowerCase().match(/../g)!.join(':');
    const r = await takt('certs', 'remove', colons);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `Removed certificate ${thumbprint}\n`);
    assert.equal((await takt('certs', 'list')).out, 'No certificates.\n');
    fails(await takt('certs', 'remove', thumbprint), 1, new RegExp(`no certificate ${thumbprint}`));
  });
});

describe('takt tokens', () => {
  const sub = '0a1b2c3d-0000-4000-8000-00000000000a';

  test('create shows the token once; the store keeps only its SHA-256 hash', async () => {
    const r = await takt('tokens', 'create', '--subscription', sub, '--label', 'ci', '--json');
    assert.equal(r.code, 0, r.err);
    const issued = JSON.parse(r.out) as { id: string; token: string; subscription: string };
    assert.equal(issued.subscription, sub);
    assert.ok(Buffer.from(issued.token.replace(/^takt_/, ''), 'base64url').length >= 32, 'at least 256 bits');

    const store = await openSqliteStore({ path: join(dataDir, 'takt.db') });
    try {
      const stored = await store.findTokenByHash(createHash('sha256').update(issued.token).digest('hex'));
      assert.equal(stored?.id, issued.id);
      assert.equal(stored?.label, 'ci');
      assert.equal(await store.findTokenByHash(issued.token), undefined);
    } finally {
      await store.close();
    }

    const list = await takt('tokens', 'list');
    assert.match(list.out, /^ID\s+SUBSCRIPTION\s+LABEL\s+CREATED\s+REVOKED\n/);
    assert.match(list.out, new RegExp(`${issued.id}\\s+${sub}\\s+ci\\s+\\S+\\s+-\\n`));
    assert.ok(!list.out.includes(issued.token));

    const revoked = await takt('tokens', 'revoke', issued.id);
    assert.equal(revoked.code, 0, revoked.err);
    const json = JSON.parse((await takt('tokens', 'list', '--subscription', sub, '--json')).out) as {
      id: string;
      revoked: string | null;
    }[];
    assert.match(json.find((t) => t.id === issued.id)?.revoked ?? '', /^\d{4}-\d\d-\d\dT/);
    fails(await takt('tokens', 'revoke', issued.id), 1, new RegExp(`no active token ${issued.id}`));
  });

  test('plain output, and errors', async () => {
    const r = await takt('tokens', 'create', '--subscription', sub);
    assert.match(
      r.out,
      new RegExp(
        `^Token [0-9a-f]{16} for subscription ${sub} \\(shown once, store it now\\):\\ntakt_\\S+\\n$`,
      ),
    );
    fails(await takt('tokens', 'create'), 2, /--subscription: is required/);
    fails(await takt('tokens', 'create', '--subscription', 'x'), 2, /--subscription: must be a GUID/);
    fails(
      await takt('tokens', 'create', '--subscription', '0a1b2c3d-0000-4000-8000-0000000000ff'),
      1,
      /no subscription/,
    );
  });
});

describe('--subscription defaults to the only subscription', () => {
  test('tokens create and certs add use it; with a second one the flag is required', async () => {
    const own = { TAKT_DATA_DIR: join(root, 'one-subscription') };
    // Written by the `takt certs` tests above.
    const certFile = join(root, 'agent.pem');
    const run = async (...argv: string[]) => {
      let out = '';
      let err = '';
      const code = await main(argv, own, { out: (t) => void (out += t), err: (t) => void (err += t) });
      return { code, out, err };
    };
    // No subscription yet: no --subscription could work, so the message says to create one.
    fails(
      await run('tokens', 'create'),
      2,
      /--subscription: this store has no subscription yet: create one first/,
    );
    const only = JSON.parse((await run('subscriptions', 'create', '--json')).out) as { id: string };
    const token = await run('tokens', 'create', '--json');
    assert.equal(token.code, 0, token.err);
    assert.equal((JSON.parse(token.out) as { subscription: string }).subscription, only.id);
    const added = await run('certs', 'add', certFile);
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, new RegExp(`for subscription ${only.id}\\n$`));
    assert.equal((await run('subscriptions', 'create')).code, 0);
    const ambiguous = /--subscription: is required: this store has 2 subscriptions/;
    fails(await run('tokens', 'create'), 2, ambiguous);
    fails(await run('certs', 'add', certFile), 2, ambiguous);
  });
});

describe('configuration errors of local commands', () => {
  test('a bad --database-url or environment value is exit 2 with one line naming the option', async () => {
    fails(
      await takt('tokens', 'list', '--database-url', 'mysql://db'),
      2,
      /^error: --database-url: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    let err = '';
    const code = await main(
      ['subscriptions', 'list'],
      { ...env, TAKT_ROLE: 'worker' },
      { out: () => undefined, err: (t) => void (err += t) },
    );
    assert.equal(code, 2);
    assert.equal(err, "error: TAKT_ROLE: must be one of api, engine, all, got 'worker'\n");
  });

  test('an unknown sub-command or flag is a usage error (exit 2)', async () => {
    assert.equal((await takt('tokens', 'frobnicate')).code, 2);
    assert.equal((await takt('certs', 'list', '--bogus')).code, 2);
  });
});
