import { xmlText } from './wrapper.js';

/**
 * Text for the `MessageText` element of a Put Message body. Besides `&`, `<` and `>`, a carriage
 * return is written as `&#xD;`: XML parsers (the storage service's and Azurite's) normalize a raw
 * CR LF to LF, and the wrapper's lines must arrive separated by CR LF.
 */
export function messageTextXml(text: string): string {
  return xmlText(text).replaceAll('\r', '&#xD;');
}

/** The Put Message body (docs/reference/scheduling-rules.md §6.2). */
export function putMessageBody(messageText: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><QueueMessage><MessageText>${messageTextXml(messageText)}</MessageText></QueueMessage>`;
}

/** The queue's messages URL with the SAS token as its query (leading `?` optional in the job). */
export function putMessageUrl(template: string, account: string, queue: string, sasToken: string): string {
  const endpoint = template.replaceAll('{account}', encodeURIComponent(account)).replace(/\/+$/, '');
  const sas = sasToken.replace(/^\?/, '');
  return `${endpoint}/${encodeURIComponent(queue)}/messages${sas ? `?${sas}` : ''}`;
}

/** The storage error code of an error response: the `x-ms-error-code` header, else `<Code>` of the body. */
export function storageErrorCode(
  headers: readonly (readonly [string, string])[],
  body: string,
): string | undefined {
  const header = headers.find(([n]) => n.toLowerCase() === 'x-ms-error-code')?.[1]?.trim();
  if (header) return header;
  return /<Code>([^<]{1,128})<\/Code>/.exec(body)?.[1]?.trim() || undefined;
}
