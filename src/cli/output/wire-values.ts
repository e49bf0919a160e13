/** Readers of the API's JSON answers and job files, which the CLI holds as untyped documents. */
import type { WireDoc } from '../client/takt-client.js';

/** `v` when it is a JSON object, else undefined. */
export const obj = (v: unknown): WireDoc | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as WireDoc) : undefined;

/** A string or number as text; anything else as ''. */
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
