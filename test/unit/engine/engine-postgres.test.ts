// The engine tests (due times, retries, error actions, catch-up, history, leases, fencing, graceful
// stop, retention, run-now, the hanging-host rule, the runs' share of a claim, disabling during a
// run, writes while an occurrence runs) once more with the PostgreSQL store under the engine: the bench opens a
// fresh schema on TAKT_TEST_DATABASE_URL for each test instead of a SQLite file.
process.env['TAKT_ENGINE_TEST_STORE'] = 'postgres';
await import('./engine.test.js');
await import('./leases.test.js');
await import('./backlog-claims.test.js');
await import('./host-wait.test.js');
await import('./run-share.test.js');
await import('./disable.test.js');
await import('./write-during-final.test.js');
await import('./write-while-running.test.js');
