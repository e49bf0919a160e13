/** Times for people: relative ("in 4 min", "2 h ago") and exact in the chosen zone. */
import { windowsToIana } from '../../../src/domain/recurrence/windows-to-iana.js';

/** Where exact times are shown: UTC, the browser's zone, or each job's own recurrence zone. */
export type ZoneMode = 'utc' | 'local' | 'job';

/** An IANA name for Intl: the recurrence zone may be a Windows name ("W. Europe Standard Time"). */
export function ianaZone(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return windowsToIana(name) ?? name;
}

export function zoneFor(mode: ZoneMode, jobZone?: string): string | undefined {
  if (mode === 'utc') return 'UTC';
  if (mode === 'job') return ianaZone(jobZone) ?? 'UTC';
  return undefined; // the browser's own
}

export function exactTime(iso: string, mode: ZoneMode, jobZone?: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const timeZone = zoneFor(mode, jobZone);
  try {
    return new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
      timeZoneName: 'short',
    }).format(t);
  } catch {
    return new Date(t).toISOString();
  }
}

export function relativeTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = t - now;
  const a = Math.abs(d);
  const unit =
    a < 45_000
      ? `${Math.round(a / 1000)} s`
      : a < 3_600_000
        ? `${Math.round(a / 60_000)} min`
        : a < 86_400_000
          ? `${Math.round(a / 3_600_000)} h`
          : `${Math.round(a / 86_400_000)} d`;
  if (a < 1500) return 'now';
  return d > 0 ? `in ${unit}` : `${unit} ago`;
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
