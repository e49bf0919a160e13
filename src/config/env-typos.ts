/**
 * A `TAKT_…` variable that is no setting but lies one or two keystrokes from one (`TAKT_PROT`,
 * `TAKT_SECRET_KYE`) is a typo: ignored, it would leave the setting at its default without a word
 * (a new secret key generated, the default port). It is refused with the variable it most likely
 * meant. Variables further from every known name (`TAKT_TEST`, a deployment's own `TAKT_…`) are
 * left alone.
 */
import { optionsOf } from './config-option.js';
import { CONFIG_FILE_OPTION, configSchema } from './config-schema.js';
import { editDistance } from './nearest-option.js';
import { ConfigError } from './values.js';

/** Read by the remote commands (src/cli/commands/remote.ts, src/cli/client/profile.ts). */
const CLIENT_VARIABLES = ['TAKT_PROFILE', 'TAKT_TOKEN', 'TAKT_CLOUD_SERVICE', 'TAKT_COLLECTION'];

const PREFIX = 'TAKT_';

function knownVariables(): ReadonlySet<string> {
  const env = optionsOf(configSchema).flatMap(({ option }) => option.spec.env ?? []);
  return new Set([...env, CONFIG_FILE_OPTION.env, ...CLIENT_VARIABLES]);
}

/** Throws a ConfigError for the first set `TAKT_…` variable that looks like a mistyped known one. */
export function checkEnvTypos(env: Readonly<Record<string, string | undefined>>): void {
  const known = knownVariables();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '' || !name.startsWith(PREFIX) || known.has(name)) continue;
    const near = typoOf(name, known);
    if (near !== undefined)
      throw new ConfigError(`${name}: is not a Takt setting; did you mean ${near}? (unset it, or rename it)`);
  }
}

/** The known variable `name` is a typo of: at most 1 edit apart (short names) or 2 (longer ones). */
function typoOf(name: string, known: ReadonlySet<string>): string | undefined {
  const word = name.slice(PREFIX.length);
  const allowed = word.length <= 6 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of known) {
    const d = editDistance(word, candidate.slice(PREFIX.length));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
