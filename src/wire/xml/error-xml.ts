/** The `<Error>` body of every failed request, JSON routes included (docs/reference/classic-operations.md §8.1). */
import { el, leaf, renderXmlDocument } from './render.js';

export function formatErrorXml(code: string, message: string): string {
  return renderXmlDocument(el('Error', [leaf('Code', code), leaf('Message', message)]));
}
