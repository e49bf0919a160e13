import type { HttpHeaders } from '@azure/storage-queue';

type HttpHeader = ReturnType<HttpHeaders['headersArray']>[number];

/** Response headers in the v1 shape the storage SDK's pipeline expects (case-insensitive, case kept). */
export class SdkHeaders implements HttpHeaders {
  private readonly map = new Map<string, HttpHeader>();

  constructor(entries: readonly (readonly [string, string])[] = []) {
    for (const [name, value] of entries) {
      const existing = this.map.get(name.toLowerCase());
      this.set(name, existing ? `${existing.value}, ${value}` : value);
    }
  }

  set(name: string, value: string | number): void {
    this.map.set(name.toLowerCase(), { name, value: String(value) });
  }
  get(name: string): string | undefined {
    return this.map.get(name.toLowerCase())?.value;
  }
  contains(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  remove(name: string): boolean {
    return this.map.delete(name.toLowerCase());
  }
  rawHeaders(): Record<string, string> {
    return this.toJson();
  }
  headersArray(): HttpHeader[] {
    return [...this.map.values()].map((h) => ({ ...h }));
  }
  headerNames(): string[] {
    return [...this.map.values()].map((h) => h.name);
  }
  headerValues(): string[] {
    return [...this.map.values()].map((h) => h.value);
  }
  clone(): SdkHeaders {
    return new SdkHeaders(this.headersArray().map((h) => [h.name, h.value] as const));
  }
  toJson(options?: { preserveCase?: boolean }): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [lower, h] of this.map) out[options?.preserveCase ? h.name : lower] = h.value;
    return out;
  }
}
