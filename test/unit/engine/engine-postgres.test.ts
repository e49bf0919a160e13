// The engine tests (due times, retries, error actions, catch-up, history, leases, fencing, graceful
// stop, retention, run-now) once more with the PostgreSQL store under the engine: the bench opens a
// fresh schema on TAKT_TEST_DATABASE_URL for each test instead of a SQLite file.
process.env['TAKT_ENGINE_TEST_STORE'] = 'postgres';
await import('./engine.test.js');
await import('./leases.test.js');
await import('./backlog-claims.test.js');
