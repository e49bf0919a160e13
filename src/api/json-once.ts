/**
 * A JSON body serialized once per object: the SQLite store hands out the same immutable `Job`
 * object for as long as nothing could have changed it (src/store/read-cache.ts), so a polled job's
 * wire form is built and stringified once per version instead of on every GET. A write yields a
 * new object (a miss here); the old one and its text go with the garbage. Without that cache
 * (PostgreSQL) every read is a new object and this is one WeakMap miss. docs/architecture.md, 2a.
 */
export class JsonOnce<T extends object> {
  private readonly texts = new WeakMap<T, string>();

  constructor(private readonly format: (value: T) => unknown) {}

  text(value: T): string {
    let text = this.texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(this.format(value));
      this.texts.set(value, text);
    }
    return text;
  }
}
