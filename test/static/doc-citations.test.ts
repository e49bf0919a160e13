// Docs and comments must stand on their own: a person who clones Takt has only the repository, so
// every citation of a reference document must name a file in it (docs/reference/…, not the
// specification's files beside the repository), and every cited section number or anchor must
// exist there. Pure file reads, no process.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCANNED = ['README.md', 'src', 'test', 'bench', 'docs', 'scripts', 'web', 'bin', '.ci'];
const TEXT = /\.(ts|js|mjs|cjs|md|html|css|json|sh|ya?ml)$|^run$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', 'images']);

/** Every text file under the scanned roots, as repository-relative paths with `/`. */
function scannedFiles(): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) if (!SKIPPED_DIRS.has(name)) walk(join(abs, name));
    } else if (TEXT.test(abs.slice(abs.lastIndexOf(sep) + 1))) {
      out.push(relative(ROOT, abs).split(sep).join('/'));
    }
  };
  for (const root of SCANNED) walk(join(ROOT, root));
  return out;
}

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Line number (1-based) of a character offset. */
function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/**
 * Where a cited path points: from the repository root (`docs/…`) or, for links in Markdown, from
 * the citing file's folder. Undefined when it names no file inside the repository.
 */
function resolveCited(file: string, cited: string): string | undefined {
  const candidates = [resolve(ROOT, cited), resolve(ROOT, dirname(file), cited)];
  for (const abs of candidates) {
    const rel = relative(ROOT, abs);
    if (!rel.startsWith('..') && existsSync(abs) && statSync(abs).isFile()) return rel.split(sep).join('/');
  }
  return undefined;
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

interface Outline {
  readonly numbers: ReadonlySet<string>;
  readonly anchors: ReadonlySet<string>;
  /** Heading texts and bold paragraph leads (`**Cost budget.**`): what a quoted section names. */
  readonly titles: readonly string[];
}

const outlines = new Map<string, Outline>();

/** Section numbers (`4.3` of `### 4.3 …`) and heading anchors of a Markdown file. */
function outline(rel: string): Outline {
  const known = outlines.get(rel);
  if (known) return known;
  const numbers = new Set<string>();
  const anchors = new Set<string>();
  const titles: string[] = [];
  let fenced = false;
  for (const line of readFileSync(join(ROOT, rel), 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced) for (const b of line.matchAll(/\*\*([^*]+)\*\*/g)) titles.push(b[1]!);
    const heading = fenced ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    titles.push(heading[1]!);
    anchors.add(slug(heading[1]!));
    const number = /^(\d+(?:\.\d+)*)\.?\s/.exec(heading[1]!);
    if (number) numbers.add(number[1]!);
  }
  const made = { numbers, anchors, titles };
  outlines.set(rel, made);
  return made;
}

// A citation of one of the reference documents, with the path in front of it, if any.
const REFERENCE = /[\w./-]*(?<![\w-])(?:scheduling-rules|classic-operations)\.md/g;
// The specification's file names (beside the repository, not in it): no file may cite them. The
// project's own reference pages have other names, so a citation cannot be mistaken for one.
const SPECIFICATION = /(?<![\w-])(?:behaviour|classic-api|arm-api)\.md/g;
// Section numbers right after a citation: `§4.3`, `§5.2–§5.4`, `§5.2–5.4`, `§5, §8, §11`, `§4.4/§4.5`
// (after a comma only with its own §: `§7, 15 s` cites one section), also on a comment's next line.
const SECTIONS =
  /^`?\s*(?:(?:\*|\/\/)\s*)?\(?§\s*\d+(?:\.\d+)*(?:\s*[–-]\s*§?\s*\d+(?:\.\d+)*|\s*(?:,|\/|and|&)\s*§\s*\d+(?:\.\d+)*)*/;

test('no file cites the specification beside the repository (cite docs/reference/… instead)', () => {
  const findings: Finding[] = [];
  for (const file of scannedFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/\.\.\/shared\b|\bshared\/(?:spec|design)\b/g)) {
      findings.push({ file, line: lineOf(text, m.index), text: m[0] });
    }
    for (const m of text.matchAll(SPECIFICATION))
      findings.push({ file, line: lineOf(text, m.index), text: m[0] });
    for (const m of text.matchAll(REFERENCE)) {
      if (resolveCited(file, m[0]) === undefined)
        findings.push({ file, line: lineOf(text, m.index), text: m[0] });
    }
  }
  assert.deepEqual(
    findings,
    [],
    "cite the project's own docs/reference/… files, which are in the repository",
  );
});

test('every cited section number of a reference document exists there', () => {
  const findings: Finding[] = [];
  for (const file of scannedFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(REFERENCE)) {
      const target = resolveCited(file, m[0]);
      if (target === undefined) continue;
      const after = SECTIONS.exec(text.slice(m.index + m[0].length));
      if (!after) continue;
      const { numbers } = outline(target);
      for (const n of after[0].matchAll(/\d+(?:\.\d+)*/g)) {
        if (!numbers.has(n[0]))
          findings.push({ file, line: lineOf(text, m.index), text: `${target} §${n[0]}` });
      }
    }
  }
  assert.deepEqual(findings, [], 'these sections do not exist (numbers are those of the headings)');
});

test('every cited docs/ file and every Markdown link to a local file exists, anchors included', () => {
  const findings: Finding[] = [];
  for (const file of scannedFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/(?<![\w./-])docs\/[\w./-]*\w\.(?:md|png)/g)) {
      if (!existsSync(join(ROOT, m[0]))) findings.push({ file, line: lineOf(text, m.index), text: m[0] });
    }
    if (!file.endsWith('.md')) continue;
    for (const m of text.matchAll(/\]\(([^)\s#]*)(?:#([^)\s]+))?\)/g)) {
      const [, path = '', anchor] = m;
      if (/^[a-z]+:/.test(path)) continue;
      const target = path === '' ? file : resolveCited(file, path);
      if (target === undefined) {
        findings.push({ file, line: lineOf(text, m.index), text: m[0] });
      } else if (anchor !== undefined && target.endsWith('.md') && !outline(target).anchors.has(anchor)) {
        findings.push({ file, line: lineOf(text, m.index), text: m[0] });
      }
    }
  }
  assert.deepEqual(findings, [], 'these files or anchors do not exist');
});

test('every repository path the documentation names in backquotes exists', () => {
  const findings: Finding[] = [];
  for (const file of scannedFiles().filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/`((?:src|test|bench|scripts|web|bin|docs)\/[\w./-]+)`/g)) {
      const line = text.slice(text.lastIndexOf('\n', m.index) + 1, text.indexOf('\n', m.index));
      // Paths inside other projects' repositories (the sources a reference page lists).
      if (/GitHub|npm `/.test(line)) continue;
      if (!existsSync(join(ROOT, m[1]!))) findings.push({ file, line: lineOf(text, m.index), text: m[1]! });
    }
  }
  assert.deepEqual(findings, [], 'these files or folders were moved or deleted: update the documentation');
});

test('a reference page’s own section references (`§4.8` without a file name) name its own headings', () => {
  const findings: Finding[] = [];
  for (const file of scannedFiles().filter((f) => f.startsWith('docs/reference/') && f.endsWith('.md'))) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const { numbers } = outline(file);
    for (const m of text.matchAll(/§\s*(\d+(?:\.\d+)*)(?:\s*[–-]\s*§?\s*(\d+(?:\.\d+)*))?/g)) {
      // A page name just before the § (a file name or a link's text): another page's section, checked above.
      if (
        /behaviour|scheduling-rules|classic-api|classic-operations|arm-api|issue/.test(
          text.slice(Math.max(0, m.index - 25), m.index),
        )
      )
        continue;
      for (const n of [m[1], m[2]]) {
        if (n !== undefined && !numbers.has(n))
          findings.push({ file, line: lineOf(text, m.index), text: `§${n}` });
      }
    }
  }
  assert.deepEqual(findings, [], 'these sections do not exist on the page that names them');
});

// A section cited by its title: `docs/engine.md, "Fairness"`, `docs/store.md ("Row objects")`.
const QUOTED_SECTION = /(?<![\w./-])(docs\/[\w./-]*\w\.md)[,:]?\s*\(?["“]([^"”\n]{2,100})["”]/g;

test('every section cited by its title (docs/<page>.md, "Title") is a heading or a bold lead there', () => {
  const findings: Finding[] = [];
  for (const file of scannedFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(QUOTED_SECTION)) {
      const [, doc = '', title = ''] = m;
      if (!existsSync(join(ROOT, doc))) continue; // reported by the test above
      // The quote may stop before the end of the title (`"The claim on PostgreSQL"`), or be cut by
      // a line break in a comment: a title that starts with it, or contains it, counts.
      const want = title.replace(/\s+/g, ' ').trim();
      if (!outline(doc).titles.some((t) => t.replace(/\s+/g, ' ').includes(want)))
        findings.push({ file, line: lineOf(text, m.index), text: `${doc} "${title}"` });
    }
  }
  assert.deepEqual(findings, [], 'no heading or bold lead of that page has this title: cite one it has');
});
