// Preload for profiling a `takt serve` under a benchmark (Node 20 refuses --cpu-prof in
// NODE_OPTIONS): NODE_OPTIONS="--import=./bench/support/cpu-profile.mjs" BENCH_CPU_PROF_DIR=/tmp/prof.
// Starts the V8 profiler at load and writes a .cpuprofile (Chrome DevTools format) at exit.
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF_DIR ?? '/tmp/prof';
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');
process.on('exit', () => {
  // A same-thread session answers synchronously, so the profile is written before the process ends.
  session.post('Profiler.stop', (err, res) => {
    if (err) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `serve-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
  });
});
