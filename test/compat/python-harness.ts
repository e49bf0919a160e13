// Runs one of the Python client scripts of test/compat/python/ against a real `takt serve` and hands
// back the JSON it wrote. The clients come from Debian's python3-azure (support/python-azure.mjs);
// when they cannot be provided the error says what is missing and the tests fail — never skip.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { providePythonAzure } from '../../support/python-azure.mjs';
import type { Doc } from './tls-harness.js';

export async function runPythonClient(script: string, config: object, outFile: string): Promise<Doc> {
  const { python, env } = await providePythonAzure();
  const child = spawn(
    python,
    [join(import.meta.dirname, 'python', script), JSON.stringify(config), outFile],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  for (const s of [child.stdout, child.stderr])
    s.setEncoding('utf8').on('data', (d: string) => (output += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${python} ${script} exited with ${String(code)}:\n${output}`);
  return JSON.parse(readFileSync(outFile, 'utf8'));
}

/** A step's result, or a failure naming the step and the error the client raised. */
export function stepOf(results: Doc, name: string): Doc {
  const v = results.steps[name];
  if (v === undefined) throw new Error(`the script ran no step ${name}`);
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'error' in v && 'message' in v)
    throw new Error(`step ${name} raised ${v.error}: ${v.message}`);
  return v;
}
