import { Histogram, type Registry } from 'prom-client';

/** One label set's counts: per bucket (not cumulative), sum and count, as prom-client keeps them. */
interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly perBucket: number[];
  sum: number;
  count: number;
}

/** One line of prom-client's histogram export (`getForPromString`), in its own shape. */
interface ExportValue {
  readonly labels: Record<string, string | number>;
  readonly sharedLabels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly metricName: string;
  readonly exemplar: null | undefined;
}

export interface FastHistogramConfig<T extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly T[];
  /** Ascending upper bounds, as for prom-client. */
  readonly buckets: readonly number[];
  readonly registry: Registry;
}

/**
 * A prom-client Histogram for the per-request series (store verbs, API requests): prom-client's own
 * `observe` builds, validates and hashes the label object on every call, even through a bound child
 * (about 1 µs, several times per API request). Here a label set is bound once to an `observer` that
 * finds its bucket and adds, nothing more. The registry still renders it: `getForPromString`
 * answers the very values prom-client's Histogram would (same buckets, order, labels, sums), so the
 * exposition text is unchanged (test/unit/metrics/fast-histogram.test.ts compares the two).
 * Observe only through `observer`: prom-client's own `observe`/`labels` are not rendered.
 */
export class FastHistogram<T extends string> extends Histogram<T> {
  private series = new Map<string, Series>();
  private readonly bounds: readonly number[];
  private readonly exported: { readonly name: string; readonly help: string };

  constructor(config: FastHistogramConfig<T>) {
    super({
      name: config.name,
      help: config.help,
      labelNames: [...config.labelNames],
      buckets: [...config.buckets],
      registers: [config.registry],
    });
    this.bounds = [...config.buckets];
    this.exported = { name: config.name, help: config.help };
  }

  /** Records values for one label set; the set appears in the export at its first observation. */
  observer(labels: Readonly<Record<T, string>>): (value: number) => void {
    const key = JSON.stringify(labels);
    let bound: Series | undefined;
    let boundTo: Map<string, Series> | undefined;
    return (value) => {
      if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
      if (boundTo !== this.series || bound === undefined) {
        boundTo = this.series; // a reset() starts new series
        bound = this.seriesOf(key, labels);
      }
      const bounds = this.bounds;
      for (let i = 0; i < bounds.length; i++) {
        if (value <= (bounds[i] as number)) {
          bound.perBucket[i] = (bound.perBucket[i] ?? 0) + 1;
          break;
        }
      }
      bound.sum += value;
      bound.count += 1;
    };
  }

  private seriesOf(key: string, labels: Readonly<Record<string, string>>): Series {
    let s = this.series.get(key);
    if (s === undefined) {
      s = { labels: { ...labels }, perBucket: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    return s;
  }

  /** What prom-client's Histogram#getForPromString answers; its `get()` derives the JSON form. */
  getForPromString(): Promise<{
    name: string;
    help: string;
    type: string;
    values: ExportValue[];
    aggregator: string;
  }> {
    const { name, help } = this.exported;
    const bucketName = `${name}_bucket`;
    const values: ExportValue[] = [];
    for (const s of this.series.values()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.perBucket[i] ?? 0;
        values.push(line({ le }, acc, bucketName, null, s.labels));
      });
      values.push(
        line({ le: '+Inf' }, s.count, bucketName, null, s.labels),
        line({}, s.sum, `${name}_sum`, undefined, s.labels),
        line({}, s.count, `${name}_count`, undefined, s.labels),
      );
    }
    return Promise.resolve({ name, help, type: 'histogram', values, aggregator: 'sum' });
  }

  override reset(): void {
    super.reset();
    this.series = new Map();
  }
}

/** prom-client's `setValuePair`, member order included (its JSON form keeps it). */
function line(
  labels: Record<string, string | number>,
  value: number,
  metricName: string,
  exemplar: null | undefined,
  sharedLabels: Readonly<Record<string, string>>,
): ExportValue {
  return { labels, sharedLabels, value, metricName, exemplar };
}
