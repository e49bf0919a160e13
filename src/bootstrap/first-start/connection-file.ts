import { readIfExists, writeFileAtomic } from '../data-dir.js';

/** `DIR/connection.json`: what a client needs to reach this node (read by the CLI's profiles). */
export interface Connection {
  readonly url: string;
  readonly subscriptionId: string;
  readonly caCertPath?: string;
  readonly certPath: string;
  readonly keyPath: string;
  /** The admin API token in clear, which is why the file is 0600. */
  readonly token: string;
}

export function readConnection(path: string): Connection | undefined {
  const text = readIfExists(path);
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`${path}: not valid JSON; delete it to issue new admin credentials`);
  }
  const d = doc as Partial<Record<keyof Connection, unknown>>;
  for (const key of ['subscriptionId', 'certPath', 'keyPath', 'token'] as const) {
    if (typeof d[key] !== 'string')
      throw new Error(`${path}: ${key}: missing; delete the file to issue new admin credentials`);
  }
  return doc as Connection;
}

/** Written (0600) on every start, so `url` follows the address actually bound. */
export function writeConnection(path: string, c: Connection): void {
  const ordered = {
    url: c.url,
    subscriptionId: c.subscriptionId,
    ...(c.caCertPath !== undefined ? { caCertPath: c.caCertPath } : {}),
    certPath: c.certPath,
    keyPath: c.keyPath,
    token: c.token,
  };
  writeFileAtomic(path, `${JSON.stringify(ordered, null, 2)}\n`, true);
}
