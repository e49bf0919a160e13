/** The dashboard's static client from web/: a fixed list of files, read once, served with strict headers. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  map: 'application/json; charset=utf-8',
};

/**
 * The built client (`npm run build` bundles web/src into dist/web/, scripts/build-web.mjs): the same
 * folder whether this module runs from src/ (tsx) or dist/.
 */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface StaticFile {
  readonly type: string;
  readonly body: Buffer;
}

export function loadStaticFiles(root: string, names: readonly string[]): Map<string, StaticFile> {
  const out = new Map<string, StaticFile>();
  for (const name of names) {
    // A checkout without `npm run build` has no client: the API still serves, the page answers 404.
    if (!existsSync(`${root}${name}`)) continue;
    const ext = name.slice(name.lastIndexOf('.') + 1);
    out.set(name, { type: TYPES[ext] ?? 'application/octet-stream', body: readFileSync(`${root}${name}`) });
  }
  return out;
}

/** No external origin at all: the page works offline and cannot load or send anything elsewhere. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
