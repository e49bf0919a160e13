import type { WarmStatement } from './pg-runner.js';

/**
 * The engine's statements on the path of every execution, with parameters that match no row (due
 * before the epoch, empty JSON batches): what `PgRunner.warm` prepares on each kept connection
 * when the store opens, so the first claim after start is not late by a connection, a parse and a
 * plan (docs/engine.md, "The claim on PostgreSQL").
 */
export const PG_WARM_STATEMENTS: readonly WarmStatement[] = [
  { query: 'claimPlan', params: [] },
  { query: 'claimStart', params: [-1, 1, '', 0, 0, 0, 1, 0] },
  { query: 'claimWrites', params: ['[]', '[]', '[]'] },
  { query: 'selectOutcomeRuns', params: ['[]'] },
  { query: 'applyOutcomeCounters', params: ['[]'] },
  { query: 'applyOutcomes', params: ['[]'] },
  { query: 'insertHistoryRows', params: ['[]'] },
  { query: 'rescheduleRuns', params: ['[]'] },
  { query: 'deleteRuns', params: ['[]'] },
  { query: 'extendLeases', params: ['', 0, '[]'] },
  { query: 'peekJobsDue', params: [-1, 0, 1] },
  { query: 'peekRunsDue', params: [-1, 1] },
];

/** How many connections the store keeps open and warm: the engine's claim, outcome batch, lease renewal and peek at once. */
export const WARM_CONNECTIONS = 4;
