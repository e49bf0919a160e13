/** History messages of the storage queue action (docs/reference/scheduling-rules.md §6.2). */
const PREFIX = 'StorageQueue Action -';

export function succeeded(account: string, queue: string, statusText: string): string {
  return `${PREFIX} Request to storage account '${account}' queue '${queue}' succeeded: '${statusText}'`;
}

export function queueMissing(account: string, queue: string): string {
  return `${PREFIX} The queue '${queue}' does not exist in storage account '${account}'.`;
}

export function accountNotFound(account: string): string {
  return `${PREFIX} The storage account '${account}' could not be found.`;
}

export function errorResponse(
  account: string,
  queue: string,
  statusText: string,
  errorCode?: string,
): string {
  const code = errorCode ? ` ${errorCode}` : '';
  return `${PREFIX} Request to storage account '${account}' queue '${queue}' failed: '${statusText}'${code}`;
}

export function noResponse(account: string, queue: string, reason: string): string {
  return `${PREFIX} Request to storage account '${account}' queue '${queue}' failed: ${reason}`;
}
