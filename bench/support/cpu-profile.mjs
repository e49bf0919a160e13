// Preload for profiling a `takt serve` under a benchmark (Node 20 refuses --cpu-prof in
// NODE_OPTIONS): NODE_OPTIONS="--import=./bench/support/cpu-profile.mjs" BENCH_CPU_PROF_DIR=/tmp/prof.
// Starts the V8 profiler at load and writes a .cpuprofile (Chrome DevTools format) at exit:
// serve-<pid>.cpuprofile for the main thread (the engine's). Node 20 runs no --import preload in
// worker threads, so worker threads (the executor thread, docs/engine.md "Threads") are started
// with --cpu-prof in their execArgv instead and write worker-<pid>-<threadId>.cpuprofile files
// (CPU.*.cpuprofile, renamed at exit) into the same folder.
import { Session } from 'node:inspector';
import { setTimeout } from 'node:timers';
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROF_DIR ?? '/tmp/prof';
const INTERVAL_US = 1000;
mkdirSync(dir, { recursive: true });
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: INTERVAL_US });
// BENCH_CPU_PROF_DELAY_MS: start later, so the profile shows the warm server (JIT compiled).
const delayMs = Number(process.env.BENCH_CPU_PROF_DELAY_MS ?? 0);
if (delayMs > 0) setTimeout(() => session.post('Profiler.start'), delayMs).unref();
else session.post('Profiler.start');

// Every Worker started from here on profiles itself (--cpu-prof is allowed in a worker's execArgv).
const threads = createRequire(import.meta.url)('node:worker_threads');
const Base = threads.Worker;
threads.Worker = class ProfiledWorker extends Base {
  constructor(file, options = {}) {
    const execArgv = [
      ...(options.execArgv ?? process.execArgv),
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      `--cpu-prof-interval=${INTERVAL_US}`,
    ];
    super(file, { ...options, execArgv });
  }
};
syncBuiltinESMExports();

process.on('exit', () => {
  // A same-thread session answers synchronously, so the profile is written before the process ends.
  session.post('Profiler.stop', (err, res) => {
    if (err) return;
    writeFileSync(join(dir, `serve-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
  });
  // Node names a worker's profile CPU.<date>.<time>.<pid>.<threadId>.<seq>.cpuprofile.
  for (const name of readdirSync(dir)) {
    const m = /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(name);
    if (m && Number(m[1]) === process.pid)
      renameSync(join(dir, name), join(dir, `worker-${m[1]}-${m[2]}.cpuprofile`));
  }
});
