// A fresh, empty PostgreSQL database for one `takt serve` of a hardening suite, dropped afterwards
// (the server at TAKT_TEST_DATABASE_URL must be reachable).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL } from '../../store-contract/backends.js';

export interface PgDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function freshPostgresDatabase(prefix: string): Promise<PgDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
