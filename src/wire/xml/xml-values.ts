/** Typed reads of XML element text for the request models; failures are BadRequest naming the element. */
import { badRequest } from '../../domain/errors.js';
import { clip } from '../../domain/clip.js';
import { INT32_MAX } from '../../domain/collection.js';
import { childElement, type XmlElement } from './safe-parse.js';

/** `Parent.Child` for messages. */
export const xmlPath = (parent: string, child: string): string => `${parent}.${child}`;

export function optionalText(parent: XmlElement, name: string): string | undefined {
  const child = childElement(parent, name);
  return child && leafText(child, xmlPath(parent.name, name));
}

/**
 * The text of an element read as a value. One holding elements (`<Label>a<b>x</b>c</Label>`) is
 * refused: its text alone ('ac') is not what the client sent, and storing it silently would hide
 * the mistake (docs/reference/classic-operations.md §7.1, Parsing in).
 */
export function leafText(el: XmlElement, path: string): string {
  const inner = el.children[0];
  if (inner !== undefined) throw badRequest(`${path}: must be text, got the element <${clip(inner.name)}>`);
  return el.text;
}

export function requiredText(parent: XmlElement, name: string): string {
  const t = optionalText(parent, name);
  if (t === undefined) throw badRequest(`${xmlPath(parent.name, name)}: is required`);
  return t;
}

export function checkLength(value: string, path: string, min: number, max: number): string {
  if (value.length < min || value.length > max) {
    throw badRequest(`${path}: must be ${min} to ${max} characters, got ${value.length}`);
  }
  return value;
}

/** A positive integer (≥ 1) that fits an Int32, as .NET wrote it; the message gives both bounds. */
export function positiveInt(text: string, path: string): number {
  const t = text.trim();
  const n = /^\+?\d{1,10}$/.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > INT32_MAX)
    throw badRequest(`${path}: must be an integer from 1 to ${INT32_MAX}, got '${clip(t)}'`);
  return n;
}

/** Case-insensitive enum; returns the canonical (PascalCase) form. */
export function xmlEnum<T extends string>(text: string, path: string, values: readonly T[]): T {
  const t = text.trim().toLowerCase();
  const hit = values.find((v) => v.toLowerCase() === t);
  if (hit === undefined)
    throw badRequest(`${path}: must be one of ${values.join(', ')}, got '${clip(text.trim())}'`);
  return hit;
}
