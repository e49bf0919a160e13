import type { ApiDeps } from '../api-deps.js';
import type { CredentialSource } from '../credentials.js';
import type { RequestContext } from './request-context.js';
import type { Surface } from './surface.js';

/** One step of the request pipeline; throwing ends the request with the surface's error. */
export type Stage = (ctx: RequestContext) => void | Promise<void>;

/** A stage that runs for every route of the listener and never waits. */
export type ListenerStage = (ctx: RequestContext) => void;

/** What the stage factories are built from (once per listener). */
export interface PipelineEnv {
  readonly deps: ApiDeps;
  /** In detection order; the last one takes every path no other surface claims. */
  readonly surfaces: readonly Surface[];
  readonly credentials: CredentialSource;
  /** True once the listener began to close. */
  readonly isClosing: () => boolean;
}
