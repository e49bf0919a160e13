/**
 * Regions as ARM clients write them (`westeurope`) and as the classic API stores them
 * (`West Europe`): two locations are the same when their lower-case forms without spaces are.
 */
export function regionKey(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}

export function sameRegion(a: string, b: string): boolean {
  return regionKey(a) === regionKey(b);
}

/**
 * The deployment's own spelling of a region (`westus` → `West US`), or the trimmed value as sent
 * when the list does not know it (`undefined` lets a strict deployment refuse it).
 */
export function knownRegion(regions: readonly string[], location: string): string | undefined {
  const key = regionKey(location);
  return regions.find((r) => regionKey(r) === key);
}
