import { section } from '../config-option.js';
import { hostAddress, integer, oneOf, postgresUrl, text } from '../values.js';

const { option, maybe } = section('node');

/** Where a node keeps its state, where it listens, which store and which roles it runs. */
export const nodeSchema = {
  dataDir: option({
    env: 'TAKT_DATA_DIR',
    flag: '--data-dir <dir>',
    parse: text(undefined, 'a folder path'),
    default: './data',
    isPath: true,
    doc: 'data directory: keys, certificates, `connection.json` and the SQLite file',
  }),
  host: option({
    env: 'TAKT_HOST',
    flag: '--host <address>',
    parse: hostAddress(),
    default: '127.0.0.1',
    doc: 'HTTPS listen address',
  }),
  port: option({
    env: 'TAKT_PORT',
    flag: '--port <port>',
    parse: integer(0, 65535),
    default: 8443,
    doc: 'HTTPS port; `0` = any free port',
  }),
  databaseUrl: maybe({
    env: 'TAKT_DATABASE_URL',
    flag: '--database-url <url>',
    parse: postgresUrl(),
    defaultDoc: 'SQLite `<dataDir>/takt.db`',
    doc: 'PostgreSQL URL: the store is PostgreSQL instead of SQLite',
  }),
  sqliteSynchronous: option({
    env: 'TAKT_SQLITE_SYNCHRONOUS',
    parse: oneOf(['full', 'normal'] as const),
    default: 'full',
    doc:
      'SQLite commit durability: `full` acknowledges a write only once an fsync (shared by the ' +
      'writes of a group) put its commit on disk; `normal` is ' +
      'faster but may lose the last acknowledged writes on power loss (see Durability below)',
  }),
  role: option({
    env: 'TAKT_ROLE',
    flag: '--role <role>',
    parse: oneOf(['api', 'engine', 'all'] as const),
    default: 'all',
    doc: 'what this process runs',
  }),
  nodeId: maybe({
    env: 'TAKT_NODE_ID',
    flag: '--node-id <id>',
    parse: text(/^[A-Za-z0-9._:-]{1,100}$/, '1-100 letters, digits, `.`, `_`, `:` or `-`'),
    // Absent = resolved at start (src/bootstrap/node-id.ts).
    defaultDoc:
      'SQLite: a random `node-<16 hex>` kept in `<dataDir>/node-id`; PostgreSQL: `<hostname>-<pid>`',
    doc: 'node name in leases and logs; unique per running process',
  }),
  logLevel: option({
    env: 'TAKT_LOG_LEVEL',
    flag: '--log-level <level>',
    parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    default: 'info',
    doc: 'level of the JSON log lines on standard error',
  }),
};
