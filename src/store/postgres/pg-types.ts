import pg from 'pg';
import type { CustomTypesConfig } from 'pg';

const INT8_OID = 20;
const toNumber = (value: string): number => Number(value);

/**
 * Type parsers for this pool only (pg's global `types.setTypeParser` would change every other pg
 * user in the process): BIGINT (epoch ms, ids, COUNT) becomes a JS number. Epoch ms and counters
 * stay far below 2^53.
 */
export const PG_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
    oid === INT8_OID && format !== 'binary'
      ? toNumber
      : (pg.types.getTypeParser(oid, format ?? 'text') as (
          value: string,
        ) => unknown)) as CustomTypesConfig['getTypeParser'],
};
