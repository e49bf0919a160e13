// Writes the option tables of docs/operations.md (Configuration) from the configuration schema
// (src/config/schema/): each table sits between `<!-- config-table:<section> -->` and
// `<!-- /config-table:<section> -->`. test/static/config-doc.test.ts fails when the committed page
// differs from what this writes.
//
// Usage: node --import tsx scripts/config-doc.ts          (rewrites docs/operations.md)
//        node --import tsx scripts/config-doc.ts --check  (exit 1 when it is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { optionsOf, type Section } from '../src/config/config-option.js';
import { CONFIG_FILE_OPTION, configSchema } from '../src/config/config-schema.js';
import { defaultText } from '../src/config/option-text.js';

export const OPERATIONS_DOC = fileURLToPath(new URL('../docs/operations.md', import.meta.url));

const SECTIONS: readonly Section[] = ['node', 'security', 'api', 'plans', 'engine', 'outbound'];

const cell = (s: string): string => s.replace(/\|/g, '\\|');
const code = (s: string | undefined): string => (s === undefined ? '—' : `\`${s}\``);
const flagName = (flag: string | undefined): string | undefined => flag?.split(' ')[0];

/** The Markdown table of one section, unformatted (prettier aligns it). */
export function sectionTable(section: Section): string {
  const rows = optionsOf(configSchema)
    .filter(({ option }) => option.section === section)
    .map(({ path, option: o }) => ({
      option: code(path),
      env: code(o.spec.env),
      flag: code(flagName(o.spec.flag)),
      default: defaultText(o),
      rule: o.spec.parse.rule,
      meaning: o.spec.doc,
    }));
  if (section === 'node') {
    rows.push({
      option: '—',
      env: code(CONFIG_FILE_OPTION.env),
      flag: code(flagName(CONFIG_FILE_OPTION.flag)),
      default: 'none',
      rule: 'a file path',
      meaning: CONFIG_FILE_OPTION.doc,
    });
  }
  const withFlags = rows.some((r) => r.flag !== '—');
  const header = ['Option (file path)', 'Env', ...(withFlags ? ['Flag'] : []), 'Default', 'Valid', 'Meaning'];
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [
    line(header),
    line(header.map(() => '---')),
    ...rows.map((r) => line([r.option, r.env, ...(withFlags ? [r.flag] : []), r.default, r.rule, r.meaning])),
  ].join('\n');
}

/** The page with every generated table replaced, formatted as `npm run format` would. */
export async function withConfigTables(page: string): Promise<string> {
  let out = page;
  for (const section of SECTIONS) {
    const open = `<!-- config-table:${section} -->`;
    const close = `<!-- /config-table:${section} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`docs/operations.md: markers ${open} … ${close} missing`);
    out = `${out.slice(0, start + open.length)}\n\n${sectionTable(section)}\n\n${out.slice(end)}`;
  }
  const options = await prettier.resolveConfig(OPERATIONS_DOC);
  return prettier.format(out, { ...options, filepath: OPERATIONS_DOC });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const page = readFileSync(OPERATIONS_DOC, 'utf8');
  const next = await withConfigTables(page);
  if (process.argv.includes('--check')) {
    if (next !== page) {
      console.error(
        'docs/operations.md: the option tables are out of date; run node --import tsx scripts/config-doc.ts',
      );
      process.exit(1);
    }
  } else if (next !== page) {
    writeFileSync(OPERATIONS_DOC, next);
    console.log('docs/operations.md: option tables rewritten');
  }
}
