/** Reads (or writes) the database underneath a store opened by the harness, as an operator would. */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Location } from './backends.js';

export async function underneath<T>(loc: Location, sql: string): Promise<T[]> {
  if (loc.kind === 'sqlite') {
    const db = new Database(loc.path);
    try {
      const stmt = db.prepare(sql);
      return (stmt.reader ? stmt.all() : (stmt.run(), [])) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: loc.url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${loc.schema}"`);
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}
