/**
 * XML output (docs/reference/classic-operations.md §7.1): compact, no declaration, the root carrying the WA default
 * namespace and the `i` (XMLSchema-instance) prefix, text escaped. Element order is the caller's.
 */
import { isXmlChar, WA_NAMESPACE, XSI_NAMESPACE } from './safe-parse.js';

export type XmlNode =
  | { readonly name: string; readonly text: string }
  | { readonly name: string; readonly children: readonly XmlNode[] }
  | { readonly name: string; readonly nil: true };

/** `<Name>text</Name>`; an empty text gives `<Name></Name>`, as the real service wrote. */
export const leaf = (name: string, text: string | number | boolean): XmlNode => ({
  name,
  text: String(text),
});
/** `<Name>…</Name>`, or `<Name/>` without children. */
export const el = (name: string, children: readonly (XmlNode | undefined)[]): XmlNode => ({
  name,
  children: children.filter((c): c is XmlNode => c !== undefined),
});
/** `<Name i:nil="true"/>`. */
export const nil = (name: string): XmlNode => ({ name, nil: true });

export function renderXmlDocument(root: XmlNode): string {
  return render(root, ` xmlns="${WA_NAMESPACE}" xmlns:i="${XSI_NAMESPACE}"`);
}

function render(node: XmlNode, attrs = ''): string {
  if ('nil' in node) return `<${node.name}${attrs} i:nil="true"/>`;
  if ('text' in node) return `<${node.name}${attrs}>${escapeXml(node.text)}</${node.name}>`;
  if (node.children.length === 0) return `<${node.name}${attrs}/>`;
  return `<${node.name}${attrs}>${node.children.map((c) => render(c)).join('')}</${node.name}>`;
}

/** Escapes text content; characters XML cannot carry at all become U+FFFD rather than breaking the document. */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    // A literal CR would be read back as LF (end-of-line normalization).
    else if (ch === '\r') out += '&#xD;';
    else if (!isXmlChar(ch.codePointAt(0) ?? 0)) out += '\uFFFD';
    else out += ch;
  }
  return out;
}
