/**
 * Command lines the CLI prints for the user to run next (a refusal's recipe, a hint after a
 * change). They must work when pasted into a shell: every word is quoted where the shell would split
 * or expand it, and the flags that addressed the job (`-s`, `-c`, `--profile`) are repeated, since
 * without them the pasted command would ask for them or reach another collection. Values that came
 * from the environment ($TAKT_CLOUD_SERVICE, $TAKT_PROFILE) are left to it, as the user's shell has
 * them too. The token is never repeated: a message is no place for a secret.
 */
import type { CollectionOptions } from './remote.js';

/** Characters a POSIX shell takes literally in an unquoted word. */
const PLAIN_WORD = /^[A-Za-z0-9_\-./:=@,+%^]+$/;

/** One word as a POSIX shell reads it back unchanged: as it is, or in single quotes. */
export function shellWord(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `takt` with these words, each quoted for the shell. */
export function commandLine(words: readonly string[]): string {
  return ['takt', ...words].map(shellWord).join(' ');
}

/** A job command as the user should type it: the words, then the address flags given on this command line. */
export function jobCommandLine(o: CollectionOptions, words: readonly string[]): string {
  const flags: string[] = [];
  if (o.cloudService !== undefined) flags.push('-s', o.cloudService);
  if (o.collection !== undefined) flags.push('-c', o.collection);
  if (o.profile !== undefined) flags.push('--profile', o.profile);
  return commandLine([...words, ...flags]);
}
