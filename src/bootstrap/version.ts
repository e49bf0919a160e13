import { readFileSync } from 'node:fs';

/** Takt's version from package.json (two folders up from both src/bootstrap and dist/bootstrap). */
export const TAKT_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
