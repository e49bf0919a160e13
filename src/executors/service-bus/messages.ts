/** History messages of the Service Bus actions (docs/reference/scheduling-rules.md §6.3). */
export interface Entity {
  readonly kind: 'queue' | 'topic';
  /** queueName or topicPath. */
  readonly name: string;
}

function prefix(entity: Entity): string {
  return entity.kind === 'queue' ? 'ServiceBusQueue Action -' : 'ServiceBusTopic Action -';
}

export function sent(entity: Entity, namespace: string, statusText: string): string {
  return `${prefix(entity)} Message sent to ${entity.kind} '${entity.name}' in namespace '${namespace}': '${statusText}'`;
}

export function errorResponse(entity: Entity, namespace: string, statusText: string, detail: string): string {
  const tail = detail ? ` ${detail}` : '';
  return `${prefix(entity)} Request to ${entity.kind} '${entity.name}' in namespace '${namespace}' failed: '${statusText}'${tail}`;
}

export function noResponse(entity: Entity, namespace: string, reason: string): string {
  return `${prefix(entity)} Request to ${entity.kind} '${entity.name}' in namespace '${namespace}' failed: ${reason}`;
}

/** The `<Detail>` of a Service Bus error body, else its first 256 characters on one line. */
export function errorDetail(body: string): string {
  const m = /<Detail>([\s\S]*?)<\/Detail>/i.exec(body);
  const text = (m?.[1] ?? body).replace(/\s+/g, ' ').trim();
  return [...text].slice(0, 256).join('');
}
