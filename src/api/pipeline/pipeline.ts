/**
 * The API's request pipeline, top to bottom: every request of every surface (classic, ARM) passes
 * these stages in this order, so the check order (overload → authentication → rate limit → version →
 * route → body → operation) and the bookkeeping after it exist once. build-api.ts runs the groups
 * at the matching points of Fastify's life cycle; nothing else decides what happens to a request.
 */
import { authenticateRequest } from './authenticate-request.js';
import { checkVersion } from './check-version.js';
import { commonHeaders } from './common-headers.js';
import { countRequest } from './count-request.js';
import { detectSurface } from './detect-surface.js';
import { inFlightCap } from './in-flight-cap.js';
import { rateLimit } from './rate-limit.js';
import { refuseWhileClosing } from './refuse-while-closing.js';
import { requireHost } from './require-host.js';
import { reserveConnection } from './reserve-connection.js';
import { FailureStreak } from '../../logging/failure-streak.js';
import { noteStoreBack, renderFailure, type FailureStage } from './render-failure.js';
import { routeRequest } from './route-request.js';
import { runHandler } from './run-handler.js';
import { sendReply } from './send-reply.js';
import type { ListenerStage, PipelineEnv, Stage } from './stage.js';
import { writeOperationRecord } from './write-operation-record.js';

export interface Pipeline {
  /** Every request on the listener, API or not (dashboard, /metrics), before anything else. */
  readonly listener: readonly ListenerStage[];
  /** API requests before the body is read, so an unauthenticated client cannot make Takt read 1 MiB. */
  readonly gate: readonly Stage[];
  /** After Fastify read the body (1 MiB limit, as text). */
  readonly handle: readonly Stage[];
  /** A failure anywhere above (or in Fastify) becomes the surface's error form. */
  readonly fail: FailureStage;
  /** What every answered API request ends with, success or failure. */
  readonly finish: readonly Stage[];
  /** After the response left, for every route of the listener. */
  readonly done: readonly ListenerStage[];
}

export function apiPipeline(env: PipelineEnv): Pipeline {
  const storeDown = new FailureStreak(env.deps.logger, env.deps.app.clock);
  const fail = renderFailure(env, storeDown);
  return {
    listener: [
      commonHeaders(env), //        x-ms-request-id, Cache-Control, Server on every answer
      requireHost, //               an HTTP/1.1 request without Host: 400 (Node's own is bare)
      refuseWhileClosing(env), //   503 ServerBusy + Connection: close while shutting down
      reserveConnection(env), //    reserve connection beyond the connection cap: monitoring only
      inFlightCap(env), //          503 ServerBusy beyond the listener's concurrent requests
    ],
    gate: [
      detectSurface(env), //        which surface owns the path (ARM: /subscriptions/…, else classic)
      authenticateRequest(env), //  certificate or bearer token valid for the path's subscription
      rateLimit(env), //            per-subscription token bucket, 503 with Retry-After
      checkVersion, //              the surface's version rule before routing (classic x-ms-version)
      routeRequest, //              the surface's route table: handler, params, query
    ],
    handle: [
      runHandler(env), //           the operation: parse, validate, call the app/ use case
    ],
    fail, //                        the surface's error body; unexpected causes logged
    finish: [
      writeOperationRecord(env, fail), // mutating + authenticated → operation record before the answer
      noteStoreBack(storeDown), //  the first answered request after a store outage logs its end
      sendReply, //                 status, headers and body on the wire
    ],
    done: [
      countRequest(env), //         request metrics by route template, debug log line
    ],
  };
}
