// Hardening item 3: outbound secrets (Basic and PFX passwords, PFX files, OAuth secrets, SAS tokens
// and keys) never appear in an API answer (PUT, GET, list, PATCH, PATCH-all, history, errors), in a
// log line (debug level, stderr), in /metrics, or in plaintext in the store (the raw SQLite file and WAL; every PostgreSQL row) — with
// the jobs really executed by a real `takt serve` against a local sink standing in for every
// endpoint (target, OAuth authority, Storage, Service Bus).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createCa, issueClient } from '../support/sinks/certs.js';
import { HttpSink } from '../support/sinks/http-sink.js';
import { freshDatabase } from '../../support/postgres.js';
import {
  call,
  cloudServiceXml,
  collectionXml,
  csPath,
  jcPath,
  jobPath,
  parseError,
  restart,
  serve,
  type Answer,
  type Credential,
  type Served,
} from './support/serve.js';

const tag = randomBytes(6).toString('hex');
const SECRETS = {
  basic: `basic-pw-${tag}`,
  pfxPassword: `pfx-pw-${tag}`,
  oauth: `oauth-secret-${tag}`,
  sasToken: `?sv=2020-10-02&sig=sas-token-${tag}`,
  sbQueueKey: `sb-queue-key-${tag}`,
  sbTopicKey: `sb-topic-key-${tag}`,
};

/** Every form a secret could leak in: as sent, and the recognisable core of the PFX in base64 and DER. */
function needles(pfxBase64: string): { name: string; bytes: Buffer }[] {
  const der = Buffer.from(pfxBase64, 'base64');
  return [
    ...Object.entries(SECRETS).map(([name, v]) => ({
      name,
      bytes: Buffer.from(v.replace(/^\?sv=2020-10-02&sig=/, '')),
    })),
    { name: 'pfx (base64)', bytes: Buffer.from(pfxBase64.slice(100, 160)) },
    { name: 'pfx (DER)', bytes: der.subarray(200, 260) },
  ];
}

function assertNoSecret(where: string, text: string | Buffer, pfxBase64: string): void {
  const hay = typeof text === 'string' ? Buffer.from(text) : text;
  for (const n of needles(pfxBase64)) assert.equal(hay.indexOf(n.bytes), -1, `${n.name} found in ${where}`);
}

/** Every row of every table of the database, as text. */
async function allRows(url: string): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const tables = await c.query<{ table_schema: string; table_name: string }>(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    let out = '';
    for (const t of tables.rows) {
      const rows = await c.query<{ r: string }>(
        `SELECT t::text AS r FROM "${t.table_schema}"."${t.table_name}" t`,
      );
      out += `${t.table_name}\n${rows.rows.map((r) => r.r).join('\n')}\n`;
    }
    assert.match(out, /^jobs$/m, 'the jobs table was read');
    return out;
  } finally {
    await c.end();
  }
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`secrets never leave in clear (${backend})`, () => {
    let sink: HttpSink;
    let s: Served | undefined;
    let database: { url: string; drop(): Promise<void> } | undefined;
    let pfxBase64 = '';
    let wrongPfxAnswer: Answer | undefined;
    const answers: { what: string; a: Answer }[] = [];
    let cred: Credential;
    let logs = '';

    before(async () => {
      sink = await HttpSink.start();
      // Every endpoint answers 500, so each attempt fails, runs its error action, and writes a history message.
      sink.responder = (_req, res) => {
        res.statusCode = 500;
        res.end('nope');
      };
      const ca = await createCa();
      pfxBase64 = (await issueClient(ca, 'Scheduler Management', SECRETS.pfxPassword)).pfxBase64;
      const args: string[] = [];
      if (backend === 'postgres') {
        database = await freshDatabase('takt_secrets');
        args.push('--database-url', database.url);
      }
      s = await serve(args, {
        TAKT_OAUTH_AUTHORITY: sink.url('/authority'),
        TAKT_STORAGE_ENDPOINT: `http://127.0.0.1:${sink.port}/storage/{account}`,
        TAKT_SERVICE_BUS_ENDPOINT: `http://127.0.0.1:${sink.port}/bus/{namespace}`,
        TAKT_SECRET_KEY: randomBytes(32).toString('base64'),
        TAKT_LOG_LEVEL: 'debug',
      });
      cred = { kind: 'token', tenant: s.admin };
    });
    after(async () => {
      await s?.stop();
      await database?.drop();
      await sink?.close();
    });

    const sub = (): string => s!.admin.subscriptionId;
    const record = async (what: string, p: Promise<Answer>): Promise<Answer> => {
      const a = await p;
      answers.push({ what, a });
      return a;
    };
    const none = { retryPolicy: { retryType: 'none' } };
    const jobs = (): Record<string, unknown> => ({
      basic: {
        action: {
          type: 'http',
          request: {
            uri: sink.url('/target/basic'),
            method: 'POST',
            body: 'b',
            authentication: { type: 'Basic', username: 'u', password: SECRETS.basic },
          },
          ...none,
          errorAction: {
            type: 'storageQueue',
            queueMessage: {
              storageAccount: 'acct',
              queueName: 'jobs',
              sasToken: SECRETS.sasToken,
              message: 'm',
            },
            ...none,
          },
        },
      },
      cert: {
        action: {
          type: 'http',
          request: {
            uri: sink.url('/target/cert'),
            method: 'GET',
            authentication: { type: 'ClientCertificate', pfx: pfxBase64, password: SECRETS.pfxPassword },
          },
          ...none,
        },
      },
      oauth: {
        action: {
          type: 'http',
          request: {
            uri: sink.url('/target/oauth'),
            method: 'GET',
            authentication: {
              type: 'ActiveDirectoryOAuth',
              tenant: 'contoso',
              audience: 'https://aud',
              clientId: 'cid',
              secret: SECRETS.oauth,
            },
          },
          ...none,
          errorAction: {
            type: 'serviceBusTopic',
            serviceBusTopicMessage: {
              namespace: 'ns',
              topicPath: 'topic',
              message: 'm',
              transportType: 'NetMessaging',
              authentication: {
                type: 'SharedAccessKey',
                sasKeyName: 'RootManageSharedAccessKey',
                sasKey: SECRETS.sbTopicKey,
              },
            },
            ...none,
          },
        },
      },
      bus: {
        action: {
          type: 'serviceBusQueue',
          serviceBusQueueMessage: {
            namespace: 'ns',
            queueName: 'queue',
            message: 'm',
            transportType: 'NetMessaging',
            authentication: {
              type: 'SharedAccessKey',
              sasKeyName: 'RootManageSharedAccessKey',
              sasKey: SECRETS.sbQueueKey,
            },
          },
          ...none,
        },
      },
    });

    test('every secret kind is accepted, executed against the sink, and absent from every API answer', async () => {
      assert.ok(s);
      assert.equal(
        (
          await record(
            'cs',
            call(s, 'PUT', csPath(sub(), 'cs'), { credential: cred, body: cloudServiceXml() }),
          )
        ).status,
        202,
      );
      assert.equal(
        (
          await record(
            'jc',
            call(s, 'PUT', jcPath(sub(), 'cs', 'jc'), { credential: cred, body: collectionXml() }),
          )
        ).status,
        202,
      );
      // Six outbound requests: basic + its storage error action, cert, the OAuth token request + the topic error action, the queue.
      const sixRequests = new Promise<void>((resolve) => {
        const check = (): void => void (sink.requests.length >= 6 && resolve());
        sink.on('request', check);
      });
      for (const [id, body] of Object.entries(jobs())) {
        const put = await record(
          `PUT ${id}`,
          call(s, 'PUT', jobPath(sub(), 'cs', 'jc', id), { credential: cred, body: JSON.stringify(body) }),
        );
        assert.equal(put.status, 201, `${id}: ${put.body}`);
      }
      await sixRequests;
      const paths = sink.requests.map((r) => r.path.split('?')[0]).sort();
      assert.deepEqual(paths, [
        '/authority/contoso/oauth2/token',
        '/bus/ns/queue/messages',
        '/bus/ns/topic/messages',
        '/storage/acct/jobs/messages',
        '/target/basic',
        '/target/cert',
      ]);

      // The needles do match where a secret legitimately goes: the OAuth token request carries the client secret.
      assert.throws(
        () => assertNoSecret('the token request', Buffer.concat(sink.requests.map((r) => r.body)), pfxBase64),
        /oauth found/,
      );

      for (const id of Object.keys(jobs())) {
        await record(`GET ${id}`, call(s, 'GET', jobPath(sub(), 'cs', 'jc', id), { credential: cred }));
        await record(
          `PATCH ${id}`,
          call(s, 'PATCH', jobPath(sub(), 'cs', 'jc', id), {
            credential: cred,
            body: '{"state":"disabled"}',
          }),
        );
      }
      await record('list', call(s, 'GET', `${jcPath(sub(), 'cs', 'jc')}/jobs`, { credential: cred }));
      await record(
        'patch all',
        call(s, 'PATCH', `${jcPath(sub(), 'cs', 'jc')}/jobs`, {
          credential: cred,
          body: '{"state":"disabled"}',
        }),
      );
      // Rejected writes carrying secrets: the error names the field, never the value.
      wrongPfxAnswer = await record(
        'wrong pfx password',
        call(s, 'PUT', jobPath(sub(), 'cs', 'jc', 'bad'), {
          credential: cred,
          body: JSON.stringify({
            action: {
              type: 'http',
              request: {
                uri: sink.url('/x'),
                method: 'GET',
                authentication: {
                  type: 'ClientCertificate',
                  pfx: pfxBase64,
                  password: `${SECRETS.pfxPassword}-wrong`,
                },
              },
            },
          }),
        }),
      );
      const badBasic = await record(
        'basic without username',
        call(s, 'PUT', jobPath(sub(), 'cs', 'jc', 'bad'), {
          credential: cred,
          body: JSON.stringify({
            action: {
              type: 'http',
              request: {
                uri: 'not a uri',
                method: 'GET',
                authentication: { type: 'Basic', password: SECRETS.basic },
              },
            },
          }),
        }),
      );
      const badQueue = await record(
        'queue with a huge message',
        call(s, 'PUT', jobPath(sub(), 'cs', 'jc', 'bad'), {
          credential: cred,
          body: JSON.stringify({
            action: {
              type: 'storageQueue',
              queueMessage: {
                storageAccount: 'a',
                queueName: 'jobs',
                sasToken: SECRETS.sasToken,
                message: 'x'.repeat(20_000),
              },
            },
          }),
        }),
      );
      // A body that is not JSON at all, with the secret unquoted: the parser's excerpt of the body
      // (V8 quotes the text around the bad token) must not come back, nor reach the operation record.
      const unquoted = await record(
        'malformed JSON around a secret',
        call(s, 'PUT', jobPath(sub(), 'cs', 'jc', 'bad'), {
          credential: cred,
          body: `{"action":{"type":"http","request":{"uri":"${sink.url('/x')}","method":"GET","authentication":{"type":"Basic","username":"u","password":${SECRETS.basic}}}}}`,
        }),
      );
      assert.match(parseError(unquoted.body)?.message ?? '', /^body: is not valid JSON/);
      assert.ok(
        !unquoted.body.includes(SECRETS.basic.slice(0, 6)),
        `no excerpt of the body: ${unquoted.body}`,
      );
      for (const a of [wrongPfxAnswer, badBasic, badQueue, unquoted]) {
        assert.equal(a.status, 400, a.body);
        assert.ok(parseError(a.body), a.body);
      }
      for (const { what, a } of answers)
        assertNoSecret(`${what} answer`, `${JSON.stringify(a.headers)}\n${a.body}`, pfxBase64);
    });

    test('/metrics, after the executions and rejections, holds no secret', async () => {
      assert.ok(s);
      const metrics = await call(s, 'GET', '/metrics');
      assert.equal(metrics.status, 200);
      // The page does describe what just happened (the search looks at a live exposition).
      assert.match(metrics.body, /^takt_\w+\{[^}]*\} [1-9]/m);
      assertNoSecret('/metrics', metrics.body, pfxBase64);
    });

    test('history messages of the failed attempts hold no secret (read after a restart)', async () => {
      assert.ok(s);
      // A graceful stop records every finished attempt before the process exits.
      await s.process.stop();
      logs = s.process.stderr();
      s = await restart(s);
      let entries = 0;
      for (const id of Object.keys(jobs())) {
        const h = await record(
          `history ${id}`,
          call(s, 'GET', `${jobPath(sub(), 'cs', 'jc', id)}/history`, { credential: cred }),
        );
        assert.equal(h.status, 200, h.body);
        const list = JSON.parse(h.body) as { message: string; status?: string }[];
        assert.ok(list.length >= 1, `${id} has history: ${h.body}`);
        entries += list.length;
        assertNoSecret(`history of ${id}`, h.body, pfxBase64);
      }
      assert.ok(entries >= 6, `main and error attempts are all in history (${entries})`);
    });

    test('no log line carries a secret', () => {
      assert.ok(s);
      logs += s.process.stderr();
      assert.match(logs, /"level":/, 'the node logged JSON lines');
      // The lines looked at include the failed executions and the API requests carrying the secrets.
      assert.match(logs, /"msg":"execution"/, 'execution lines were logged');
      assert.match(logs, /"msg":"request"/, 'request lines were logged');
      assertNoSecret('the log', logs, pfxBase64);
    });

    test(`the raw ${backend === 'sqlite' ? 'SQLite file and WAL' : 'PostgreSQL rows'} hold no plaintext secret`, async () => {
      assert.ok(s);
      await s.process.stop();
      if (backend === 'sqlite') {
        const file = join(s.dataDir, 'takt.db');
        const bytes = Buffer.concat(
          [file, `${file}-wal`, `${file}-journal`].filter(existsSync).map((f) => readFileSync(f)),
        );
        assert.ok(
          bytes.includes(Buffer.from('/target/basic')),
          'the jobs are in the file (the search looks at the right bytes)',
        );
        assertNoSecret('the SQLite file', bytes, pfxBase64);
      } else {
        const rows = await allRows(database!.url);
        assert.ok(rows.includes('/target/basic'), 'the jobs are in the rows');
        assertNoSecret('PostgreSQL rows', rows, pfxBase64);
      }
    });
  });
}
