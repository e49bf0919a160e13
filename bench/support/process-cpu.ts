// CPU time a process has used (user + system), read from /proc on Linux. The benchmarks divide it by
// the requests served: CPU per request is far steadier than req/s on a shared, noisy machine.
import { readdirSync, readFileSync } from 'node:fs';

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

/**
 * Milliseconds of CPU used so far by every process named `postgres` on this machine (the server
 * of a local PostgreSQL: postmaster, backends, WAL writer, checkpointer), 0 where /proc is not
 * available. Backends that exited meanwhile drop out: compare readings taken on the same connections.
 */
export function postgresCpuMs(): number {
  let total = 0;
  let names: string[] = [];
  try {
    names = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    total += processCpuMs(Number(name)) ?? 0;
  }
  return total;
}
