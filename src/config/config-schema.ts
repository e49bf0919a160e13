/**
 * The configuration of a Takt process, declared once. Every option (its environment variable, flag,
 * rule, default and description) is in the section files under schema/; the types below are
 * inferred from them, `loadConfig` walks them, and `scripts/config-doc.ts` writes the option tables
 * of docs/operations.md from them (test/static/config-doc.test.ts fails when those differ).
 */
import type { ConfigOf } from './config-option.js';
import { apiSchema } from './schema/api-schema.js';
import { engineSchema } from './schema/engine-schema.js';
import { nodeSchema } from './schema/node-schema.js';
import { outboundSchema } from './schema/outbound-schema.js';
import { planSchemas } from './schema/plan-schema.js';
import { egressSchema, securitySchema } from './schema/security-schema.js';

// Declaration order is resolution order: a default computed from another option (secretKeyFile from
// dataDir) comes after it. It is also the row order of the generated tables.
export const configSchema = {
  ...nodeSchema,
  ...securitySchema,
  ...planSchemas,
  engine: engineSchema,
  api: apiSchema,
  outbound: { ...outboundSchema, ...egressSchema },
};

/** The config file is named by a flag or variable of its own (it is not itself in the file). */
export const CONFIG_FILE_OPTION = {
  env: 'TAKT_CONFIG',
  flag: '--config <file>',
  doc: 'JSON config file',
} as const;

/** The store of a node: the SQLite file in the data directory, or PostgreSQL at `databaseUrl`. */
export type StoreChoice = { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly url: string };

/**
 * The one validated, frozen configuration of a Takt process (flags > environment > file >
 * defaults), plus `store`: which store `databaseUrl` selects, decided once at load.
 */
export type TaktConfig = ConfigOf<typeof configSchema> & { readonly store: StoreChoice };

export type { EngineConfig } from './schema/engine-schema.js';
export type ApiServerConfig = TaktConfig['api'];
export type LogLevel = TaktConfig['logLevel'];
