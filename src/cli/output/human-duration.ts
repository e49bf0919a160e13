/** Durations for people: `850 ms`, `1.2 s`, `42 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`; negative = early. */
export function humanDuration(ms: number): string {
  if (ms < 0) return `-${humanDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${(Math.floor(s * 10) / 10).toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string): string =>
    small === 0 ? `${big} ${bigUnit}` : `${big} ${bigUnit} ${small} ${smallUnit}`;
  const totalS = Math.floor(s);
  if (totalS < 3600) return pair(Math.floor(totalS / 60), 'min', totalS % 60, 's');
  const totalMin = Math.floor(totalS / 60);
  if (totalMin < 24 * 60) return pair(Math.floor(totalMin / 60), 'h', totalMin % 60, 'min');
  const totalH = Math.floor(totalMin / 60);
  return pair(Math.floor(totalH / 24), 'd', totalH % 24, 'h');
}
