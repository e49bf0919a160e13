import type { AppDeps } from '../deps.js';

/** What the administration use cases need: the store, the clock and an id source. */
export type AdminDeps = Pick<AppDeps, 'store' | 'clock' | 'ids'>;
