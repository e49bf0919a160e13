// CPU time a process has used (user + system), read from /proc on Linux. The benchmarks divide it by
// the requests served: CPU per request is far steadier than req/s on a shared, noisy machine.
import { readFileSync } from 'node:fs';

/** Milliseconds of CPU used by `pid` so far, or undefined where /proc is not available. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may contain spaces) start at field 3; utime and stime are 14 and 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    const ticks = Number(fields?.[11]) + Number(fields?.[12]);
    // Linux reports in USER_HZ clock ticks, 100 per second on every mainstream build.
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}
