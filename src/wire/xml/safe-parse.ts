/**
 * Safe XML input (docs/reference/classic-operations.md §7.1). Request bodies are small management documents, so the
 * parser accepts plain elements and text only:
 * - DOCTYPE and ENTITY declarations are refused before parsing, so entity expansion (billion laughs)
 *   and external entities (XXE) cannot happen at all;
 * - entity processing in fast-xml-parser is off; this module decodes the five predefined entities
 *   and numeric character references itself and refuses any other reference;
 * - CDATA sections are element text like any other, taken literally (no reference is decoded inside
 *   them) but still held to the XML character rules; the declaration check above sees them too, so a
 *   CDATA section cannot smuggle a DOCTYPE past it;
 * - element names match case-insensitively and namespace prefixes are dropped; the root element
 *   must be in the WA namespace or in none. Below it, an element in any other namespace is not a
 *   member of the contract (DataContractSerializer matches members by name and namespace): it is
 *   an unknown element, left out of `children` with its subtree (docs/api.md, "Choices where the contract is silent"). An
 *   undeclared prefix is not namespace-well-formed → InvalidXmlRequest;
 * - not well-formed, several roots, or a wrong root element → InvalidXmlRequest.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainError } from '../../domain/errors.js';

export const WA_NAMESPACE = 'http://schemas.microsoft.com/windowsazure';
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

export interface XmlElement {
  /** Local name as written (prefix removed). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (entities decoded, CDATA included), untrimmed. */
  readonly text: string;
}

/**
 * The parser's own reasons can quote the document at length (an unclosed-tags message lists every
 * open tag: 200 KB for a deeply nested body), and messages are answered, logged and kept in
 * operation records: the reason is cut to its first 200 characters.
 */
const invalidXml = (why: string): DomainError => {
  const short = why.length > 200 ? `${why.slice(0, 200)}…` : why;
  return new DomainError('InvalidXmlRequest', `The request body is not valid XML: ${short}`);
};

const CDATA = '#cdata';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Without a name of their own, CDATA sections are merged into the text and then read as if they
  // were escaped text (`<![CDATA[AT&T]]>` would be an unterminated reference).
  cdataPropName: CDATA,
});

type OrderedNode = Record<string, unknown>;

/** Parses `text` and checks that its root element is `rootName` (case-insensitive). */
export function parseXmlDocument(text: string, rootName: string): XmlElement {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw invalidXml('DOCTYPE and ENTITY declarations are not allowed');
  if (body.trim() === '') throw invalidXml('the body is empty');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw invalidXml(valid.err.msg);
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(body) as OrderedNode[];
  } catch (e) {
    // The validator accepts documents the parser then refuses (e.g. nesting deeper than its limit):
    // that is still the client's bad XML, not a server failure (found by test/hardening/fuzz.test.ts).
    throw invalidXml(e instanceof Error ? e.message : 'unparseable');
  }
  const roots: Read[] = [];
  for (const node of nodes) {
    const el = toElement(node, NO_BINDINGS);
    if (el) roots.push(el);
    else if (node[CDATA] !== undefined || textOf(node).trim() !== '')
      throw invalidXml('text outside the root element');
  }
  const [read] = roots;
  if (!read || roots.length > 1) throw invalidXml('a document must have exactly one root element');
  const { element: root, namespace: ns } = read;
  if (root.name.toLowerCase() !== rootName.toLowerCase()) {
    throw invalidXml(`the root element must be ${rootName}, got ${root.name}`);
  }
  if (!inContract(ns)) {
    throw invalidXml(`the root element must be in the namespace ${WA_NAMESPACE} or in none, got ${ns}`);
  }
  return root;
}

/** The last child named `name` (case-insensitive), like the JSON rule "the last one wins". */
export function childElement(el: XmlElement, name: string): XmlElement | undefined {
  const wanted = name.toLowerCase();
  let found: XmlElement | undefined;
  for (const c of el.children) if (c.name.toLowerCase() === wanted) found = c;
  return found;
}

function elementKey(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== CDATA);
}

/** The text of a text node (references decoded) or of a CDATA node (literal); '' for anything else. */
function textOf(node: OrderedNode): string {
  const t = node['#text'];
  if (typeof t === 'string') return decodeText(t);
  const cdata = node[CDATA];
  if (!Array.isArray(cdata)) return '';
  let raw = '';
  for (const part of cdata as OrderedNode[]) {
    const inner = part['#text'];
    if (typeof inner === 'string') raw += inner;
  }
  return checkedChars(raw);
}

/** Namespace bindings in scope: prefix ('' = the default namespace) → URI ('' = none). */
type Bindings = ReadonlyMap<string, string>;
const NO_BINDINGS: Bindings = new Map();

/** The bindings inside `node`: its parent's plus the `xmlns` / `xmlns:p` attributes it declares. */
function bindingsOf(node: OrderedNode, parent: Bindings): Bindings {
  let own: Map<string, string> | undefined;
  for (const [k, v] of Object.entries((node[':@'] ?? {}) as Record<string, unknown>)) {
    if (typeof v !== 'string' || (k !== 'xmlns' && !k.startsWith('xmlns:'))) continue;
    own ??= new Map(parent);
    own.set(k === 'xmlns' ? '' : k.slice(6), decodeText(v));
  }
  return own ?? parent;
}

/** The namespace URI of an element named `key` ('' = none); an undeclared prefix is refused. */
function namespaceOf(key: string, bindings: Bindings): string {
  const colon = key.indexOf(':');
  const prefix = colon >= 0 ? key.slice(0, colon) : '';
  const ns = bindings.get(prefix);
  if (ns !== undefined) return ns;
  if (prefix === '') return '';
  throw invalidXml(`the prefix '${prefix}' of element ${key} is not declared`);
}

/** In the contract: the WA namespace or none (docs/reference/classic-operations.md §7.1). */
const inContract = (ns: string): boolean => ns === '' || ns === WA_NAMESPACE;

interface Read {
  readonly element: XmlElement;
  readonly namespace: string;
}

function toElement(node: OrderedNode, parent: Bindings): Read | undefined {
  const key = elementKey(node);
  if (key === undefined) return undefined;
  const bindings = bindingsOf(node, parent);
  const content = node[key];
  const children: XmlElement[] = [];
  let text = '';
  if (Array.isArray(content)) {
    for (const c of content as OrderedNode[]) {
      const child = toElement(c, bindings);
      if (!child) text += textOf(c);
      else if (inContract(child.namespace)) children.push(child.element);
    }
  }
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries((node[':@'] ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') attributes[k] = decodeText(v);
  }
  const colon = key.indexOf(':');
  const name = colon >= 0 ? key.slice(colon + 1) : key;
  return { element: { name, attributes, children, text }, namespace: namespaceOf(key, bindings) };
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; anything else is not well-formed here. */
function decodeText(raw: string): string {
  const out = raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw invalidXml(`unterminated reference '${whole}'`);
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (!m) throw invalidXml(`unknown entity '&${ref};'`);
    const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (!isXmlChar(code)) throw invalidXml(`character reference '&${ref};' is not an XML character`);
    return String.fromCodePoint(code);
  });
  return checkedChars(out);
}

function checkedChars(text: string): string {
  for (const ch of text) {
    if (!isXmlChar(ch.codePointAt(0) ?? 0))
      throw invalidXml('the text contains a character XML does not allow');
  }
  return text;
}

/** XML 1.0 Char production. */
export function isXmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}
