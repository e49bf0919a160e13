/**
 * The brokered message properties of a Service Bus message (docs/reference/classic-operations.md
 * §6.6): the message's own system properties, each optional. Folded away until one is set.
 */
import { useState } from 'preact/hooks';
import { SelectField, TextField, useForm } from './fields.js';
import { getPath } from './model.js';
import { parseDuration } from '../../../src/wire/duration.js';

const TEXT_PROPS: readonly (readonly [string, string])[] = [
  ['contentType', 'Content type'],
  ['correlationId', 'Correlation id'],
  ['label', 'Label'],
  ['messageId', 'Message id'],
  ['partitionKey', 'Partition key'],
  ['replyTo', 'Reply to'],
  ['replyToSessionId', 'Reply-to session id'],
  ['sessionId', 'Session id'],
  ['to', 'To'],
  ['viaPartitionKey', 'Via partition key'],
];

export function BrokeredFields({ path }: { path: string }) {
  const f = useForm();
  const set = getPath(f.doc, path) !== undefined;
  // Open at first when a property is set; then it is the user's to fold (it does not snap shut
  // when the last property is cleared).
  const [open] = useState(set);
  return (
    <details class="group" open={open}>
      <summary>Brokered message properties{set ? '' : ' (none)'}</summary>
      {TEXT_PROPS.map(([name, label]) => (
        <TextField key={name} path={`${path}.${name}`} label={label} />
      ))}
      <SelectField
        path={`${path}.forcePersistence`}
        label="Force persistence"
        options={[
          ['', 'not set'],
          ['true', 'yes'],
          ['false', 'no'],
        ]}
        onPick={(v) => f.set(`${path}.forcePersistence`, v === '' ? undefined : v === 'true')}
      />
      <TextField
        path={`${path}.scheduledEnqueueTimeUtc`}
        label="Scheduled enqueue time (UTC)"
        placeholder="2027-01-31T09:00:00Z"
        hint="ISO 8601; without an offset it is UTC"
      />
      <TextField
        path={`${path}.timeToLive`}
        label="Time to live"
        placeholder="PT1H"
        hint={ttlHint(getPath(f.doc, `${path}.timeToLive`))}
      />
    </details>
  );
}

/**
 * A time to live that is not a duration is stored as written and never sent (the API keeps what
 * .NET clients send, such as TimeSpan.MaxValue; docs/reference/classic-operations.md §6.6): the hint
 * says so while it is typed, instead of letting a TTL look set that will not be.
 */
function ttlHint(value: unknown): string {
  const plain = 'ISO 8601 duration or TimeSpan: PT1H, 01:00:00';
  if (typeof value !== 'string' || value.trim() === '') return plain;
  try {
    parseDuration(value, 'timeToLive');
    return plain;
  } catch {
    return `Not a duration, so it is stored as written and not sent with the message (${plain})`;
  }
}
