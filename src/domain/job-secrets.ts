import { extend } from './extend.js';
import type { ActionBody, ErrorAction, HttpAuthentication, JobAction, JobDefinition } from './job.js';

/**
 * Rewrites every secret of a definition (main and error action) with `f`: sealing before storage,
 * opening before execution or a PATCH merge. Everything else is carried over unchanged.
 */
export function mapSecrets<A, B>(def: JobDefinition<A>, f: (secret: A) => B): JobDefinition<B> {
  const action: JobAction<B> = extend(
    mapBody(def.action, f),
    def.action.retryPolicy ? { retryPolicy: def.action.retryPolicy } : {},
    def.action.errorAction ? { errorAction: mapErrorAction(def.action.errorAction, f) } : {},
  );
  return extend(def, { action });
}

function mapErrorAction<A, B>(a: ErrorAction<A>, f: (secret: A) => B): ErrorAction<B> {
  return extend(mapBody(a, f), a.retryPolicy ? { retryPolicy: a.retryPolicy } : {});
}

export function mapBody<A, B>(a: ActionBody<A>, f: (secret: A) => B): ActionBody<B> {
  switch (a.type) {
    case 'http':
    case 'https': {
      const { authentication, ...request } = a.request;
      return {
        type: a.type,
        request: authentication ? extend(request, { authentication: mapAuth(authentication, f) }) : request,
      };
    }
    case 'storageQueue':
      return { type: a.type, queueMessage: extend(a.queueMessage, { sasToken: f(a.queueMessage.sasToken) }) };
    case 'serviceBusQueue': {
      const m = a.serviceBusQueueMessage;
      return {
        type: a.type,
        serviceBusQueueMessage: extend(m, {
          authentication: extend(m.authentication, { sasKey: f(m.authentication.sasKey) }),
        }),
      };
    }
    case 'serviceBusTopic': {
      const m = a.serviceBusTopicMessage;
      return {
        type: a.type,
        serviceBusTopicMessage: extend(m, {
          authentication: extend(m.authentication, { sasKey: f(m.authentication.sasKey) }),
        }),
      };
    }
  }
}

function mapAuth<A, B>(auth: HttpAuthentication<A>, f: (secret: A) => B): HttpAuthentication<B> {
  switch (auth.type) {
    case 'Basic':
      return extend(auth, { password: f(auth.password) });
    case 'ClientCertificate':
      return extend(auth, { pfx: f(auth.pfx), password: f(auth.password) });
    case 'ActiveDirectoryOAuth':
      return extend(auth, { secret: f(auth.secret) });
  }
}
