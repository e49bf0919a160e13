/**
 * The known option a mistyped config key most likely meant, for the error that refuses it
 * (`unknown option 'engine.maxConcurentAttempts'; did you mean 'engine.maxConcurrentAttempts'?`).
 * Edit distance over the whole dotted path, case-insensitive; undefined when nothing is close
 * (at most a third of the key's length apart).
 */
export function nearestOption(key: string, known: Iterable<string>): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(k.length / 3)) + 1;
  for (const option of known) {
    const d = distance(k, option.toLowerCase());
    if (d < bestDistance) {
      best = option;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, one row at a time. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}
