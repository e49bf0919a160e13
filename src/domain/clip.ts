/**
 * A rejected text as error messages quote it: at most 60 characters. A hostile body may carry half a
 * megabyte in one value, and messages are answered, logged and kept in operation records.
 */
export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
