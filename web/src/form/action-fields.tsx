/**
 * What a job (or its error action) does: an HTTP(S) request with headers, body and authentication,
 * a Storage Queue message or a Service Bus queue/topic message; and its retry policy.
 */
import type { ActionType } from '../api/types.js';
import { ACTION_LABELS } from '../lib/job-text.js';
import { AuthFields } from './auth-fields.js';
import { BrokeredFields } from './brokered-fields.js';
import { MapField, SelectField, TextField, useForm } from './fields.js';
import { getPath, type Doc } from './model.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((m) => [m, m] as const);
const SUB: Record<ActionType, string> = {
  http: 'request',
  https: 'request',
  storageQueue: 'queueMessage',
  serviceBusQueue: 'serviceBusQueueMessage',
  serviceBusTopic: 'serviceBusTopicMessage',
};

/** Switching the type moves shared details over (an http → https switch keeps the request). */
function switchType(action: Doc | undefined, to: ActionType): Doc {
  const from = (action?.['type'] as ActionType | undefined) ?? 'https';
  const out: Doc = { ...(action ?? {}), type: to };
  if (SUB[from] !== SUB[to]) {
    delete out[SUB[from]];
    out[SUB[to]] =
      to === 'storageQueue'
        ? { storageAccount: '', queueName: '', message: '' }
        : to.startsWith('serviceBus')
          ? { namespace: '', authentication: { type: 'SharedAccessKey', sasKeyName: '' }, message: '' }
          : { uri: '', method: 'POST' };
  }
  return out;
}

export function ActionFields({ prefix, secretsKept }: { prefix: string; secretsKept: boolean }) {
  const f = useForm();
  const action = getPath(f.doc, prefix) as Doc | undefined;
  const type = (action?.['type'] as ActionType | undefined) ?? 'https';
  const keptHint = secretsKept ? 'leave empty to keep the stored one' : undefined;
  const sb = `${prefix}.${SUB[type]}`;
  return (
    <>
      <SelectField
        path={`${prefix}.type`}
        label="Action"
        options={Object.entries(ACTION_LABELS)}
        onPick={(t) => f.set(prefix, switchType(action, t as ActionType))}
      />
      {(type === 'http' || type === 'https') && (
        <>
          <TextField
            path={`${prefix}.request.uri`}
            label="URI"
            placeholder="https://example.com/hook"
            wide
            hint={type === 'https' ? 'https:// (the action type follows the scheme)' : 'http://'}
          />
          <SelectField path={`${prefix}.request.method`} label="Method" options={METHODS} />
          <MapField path={`${prefix}.request.headers`} label="Headers" />
          <TextField path={`${prefix}.request.body`} label="Body" multiline />
          <AuthFields path={`${prefix}.request.authentication`} keptHint={keptHint} />
        </>
      )}
      {type === 'storageQueue' && (
        <>
          <TextField path={`${prefix}.queueMessage.storageAccount`} label="Storage account" />
          <TextField path={`${prefix}.queueMessage.queueName`} label="Queue name" />
          <TextField
            path={`${prefix}.queueMessage.sasToken`}
            label="SAS token"
            type="password"
            hint={keptHint}
          />
          <TextField path={`${prefix}.queueMessage.message`} label="Message" multiline />
        </>
      )}
      {type.startsWith('serviceBus') && (
        <>
          <TextField path={`${sb}.namespace`} label="Service Bus namespace" />
          {type === 'serviceBusQueue' ? (
            <TextField path={`${sb}.queueName`} label="Queue name" />
          ) : (
            <TextField path={`${sb}.topicPath`} label="Topic path" />
          )}
          <SelectField
            path={`${sb}.transportType`}
            label="Transport"
            options={[
              ['', 'default (NetMessaging)'],
              ['NetMessaging', 'NetMessaging'],
              ['AMQP', 'AMQP'],
            ]}
          />
          <TextField path={`${sb}.authentication.sasKeyName`} label="SAS key name" />
          <TextField path={`${sb}.authentication.sasKey`} label="SAS key" type="password" hint={keptHint} />
          <TextField path={`${sb}.message`} label="Message" multiline />
          <MapField path={`${sb}.customMessageProperties`} label="Custom message properties" />
          <BrokeredFields path={`${sb}.brokeredMessageProperties`} />
        </>
      )}
      <RetryFields prefix={prefix} />
    </>
  );
}

function RetryFields({ prefix }: { prefix: string }) {
  const f = useForm();
  const path = `${prefix}.retryPolicy`;
  const kind = (getPath(f.doc, `${path}.retryType`) as string | undefined) ?? '';
  return (
    <fieldset class="group">
      <legend>Retry policy</legend>
      <SelectField
        path={`${path}.retryType`}
        label="Retries"
        options={[
          ['', 'default (4 retries, 30 s apart)'],
          ['none', 'none'],
          ['fixed', 'fixed interval'],
        ]}
        onPick={(v) =>
          f.set(
            path,
            v === ''
              ? undefined
              : v === 'none'
                ? { retryType: 'none' }
                : { retryType: 'fixed', retryInterval: 'PT30S', retryCount: 4 },
          )
        }
      />
      {kind === 'fixed' && (
        <>
          <TextField
            path={`${path}.retryInterval`}
            label="Interval"
            placeholder="PT30S"
            hint="ISO 8601 duration: PT30S, PT5M, PT1H"
          />
          <TextField path={`${path}.retryCount`} label="Count" type="number" />
        </>
      )}
    </fieldset>
  );
}
