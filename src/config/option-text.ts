import type { ConfigOption } from './config-option.js';

/** An option's default in words (Markdown), for the docs table and the flags' help. */
export function defaultText(option: ConfigOption<unknown>): string {
  const { spec } = option;
  if (spec.defaultDoc !== undefined) return spec.defaultDoc;
  const d = spec.default;
  if (typeof d === 'function') throw new Error('an option with a computed default needs defaultDoc');
  if (d === undefined) return 'unset';
  if (spec.parse.show) return spec.parse.show(d);
  if (typeof d === 'string') return `\`${d}\``;
  return typeof d === 'number' || typeof d === 'boolean' ? String(d) : JSON.stringify(d);
}

const plain = (markdown: string): string => markdown.replace(/`/g, '');

/** The help of an option's flag: its description, then where its default comes from. */
export function flagHelp(option: ConfigOption<unknown>): string {
  const { env, doc, parse } = option.spec;
  // An enumeration's values are part of what the flag means.
  const values = parse.rule.startsWith('one of ') ? `: ${parse.rule}` : '';
  const from = env !== undefined ? `$${env}, else ` : '';
  return `${plain(doc)}${values} (default: ${from}${plain(defaultText(option))})`;
}
