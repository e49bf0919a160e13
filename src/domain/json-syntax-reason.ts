/**
 * V8's reason for a JSON syntax error without the excerpt of the text it may quote
 * (`Unexpected token 'h', ..."password": hunter2}" is not valid JSON`): a malformed request body, job
 * file, profile or config file can hold a secret, and these messages are answered, printed, logged and
 * kept in operation records (docs/security.md). The reason and the position stay.
 */
export function jsonSyntaxReason(e: unknown): string {
  if (!(e instanceof Error)) return 'parse error';
  return e.message.replace(/,\s*(?:\.\.\.)?".*$/s, '').slice(0, 120);
}
