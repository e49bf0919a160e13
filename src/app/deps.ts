import type { PlanTable } from '../domain/collection.js';
import type { Clock } from '../ports/clock.js';
import type { EngineSignal } from '../ports/engine-signal.js';
import type { IdSource } from '../ports/ids.js';
import type { PfxInspector } from '../ports/pfx.js';
import type { SecretBox } from '../ports/secret-box.js';
import type { Store } from '../ports/store.js';

/** Deployment settings the use cases need (a slice of the validated config). */
export interface AppSettings {
  readonly plans: PlanTable;
  /** Regions offered in the resource provider properties. */
  readonly regions: readonly string[];
  /** When true, a cloud service's GeoRegion must be one of `regions` (case-insensitive). */
  readonly strictRegions: boolean;
  /** Artificial completion delay of asynchronous operations, ms (default 0). */
  readonly operationDelayMs: number;
  /** The history count rule: a job's history lists at most its newest this many entries. */
  readonly historyMaxEntries: number;
}

/** Everything the use cases depend on; built once by the composition root. */
export interface AppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly secrets: SecretBox;
  readonly pfx: PfxInspector;
  readonly engine: EngineSignal;
  readonly settings: AppSettings;
}
