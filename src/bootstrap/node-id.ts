import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { TaktConfig } from '../config/index.js';
import { dataDirLayout, readIfExists, writeFileAtomic } from './data-dir.js';

/** A config whose node id is settled (configured, or resolved by `resolveNodeId`). */
export type NodeConfig = TaktConfig & { readonly nodeId: string };

const VALID = /^[A-Za-z0-9._:-]{1,100}$/;

/** `<hostname>-<pid>`: the name of a process that has no stable id (admin commands, PostgreSQL nodes). */
export function processNodeId(host: string = hostname(), pid: number = process.pid): string {
  return `${host.replace(/[^A-Za-z0-9._:-]/g, '-').slice(0, 80)}-${pid}`;
}

/**
 * The node id of `takt serve` (docs/operations.md, "Node id"): the configured one if any. On
 * SQLite, else the id kept in `<dataDir>/node-id` (created once, 0600), so a node restarted after a
 * crash recognises its own leases and releases them at once instead of waiting for them to expire.
 * On PostgreSQL several nodes may share one data directory, and a shared id would let one node
 * release another's live leases, so the default there stays per process.
 */
export function resolveNodeId(config: TaktConfig, host?: string, pid?: number): NodeConfig {
  if (config.nodeId !== undefined) return { ...config, nodeId: config.nodeId };
  if (config.store.kind === 'postgres') return { ...config, nodeId: processNodeId(host, pid) };
  return { ...config, nodeId: storedNodeId(config.dataDir) };
}

/** Reads `<dataDir>/node-id`, creating it with a random id when missing or unreadable. */
export function storedNodeId(dataDir: string): string {
  const file = dataDirLayout(dataDir).nodeIdFile;
  const kept = readIfExists(file)?.trim();
  if (kept !== undefined && VALID.test(kept)) return kept;
  const id = `node-${randomBytes(8).toString('hex')}`;
  writeFileAtomic(file, `${id}\n`, true);
  return id;
}
