/**
 * POST /dashboard/preview[?cs=…&jc=…&job=…]: the occurrences of a definition being edited. With the
 * job's address, the edit of that existing job (preview-occurrences.ts, `previewEditOccurrences`):
 * the session's token is checked again first, as the proxied API would, so a revoked token reads
 * nothing.
 */
import type { FastifyRequest } from 'fastify';
import { hashToken } from '../app/admin/credentials.js';
import { authenticate } from '../app/authenticate.js';
import { getJob } from '../app/jobs/read-jobs.js';
import type { AppDeps } from '../app/deps.js';
import { previewEditOccurrences, previewOccurrences, type PreviewRules } from './preview-occurrences.js';
import type { Session } from './sessions.js';

/** How many occurrences the form shows. */
const SHOWN = 5;

export async function previewFor(
  deps: AppDeps,
  session: Session,
  req: FastifyRequest,
  body: unknown,
  rules: PreviewRules,
): Promise<string[]> {
  // The API's Fastify leaves `req.query` unparsed (build-api.ts): read it from the URL.
  const at = req.url.indexOf('?');
  const q = new URLSearchParams(at < 0 ? '' : req.url.slice(at + 1));
  const [cloudService, collection, jobId] = [q.get('cs'), q.get('jc'), q.get('job')];
  if (cloudService === null || collection === null || jobId === null) {
    return previewOccurrences(deps.clock, body, SHOWN, rules);
  }
  await authenticate(deps, session.subscriptionId, { tokenHash: hashToken(session.token) });
  const job = await getJob(deps, { subscriptionId: session.subscriptionId, cloudService, collection, jobId });
  return previewEditOccurrences(deps.clock, body, job, SHOWN, rules);
}
