// Builds the dashboard (web/src, TypeScript + Preact) into dist/web/: one JavaScript bundle, one
// stylesheet (uPlot's and ours), the page and its icon. Run by `npm run build`; everything the page
// loads comes from this folder, so it works offline under a strict Content-Security-Policy.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const root = `${import.meta.dirname}/../`;
const out = `${root}dist/web/`;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: `${root}web/src/main.tsx` },
  outdir: out,
  bundle: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'eof',
  logLevel: 'warning',
});
for (const f of ['index.html', 'favicon.svg']) copyFileSync(`${root}web/${f}`, `${out}${f}`);
