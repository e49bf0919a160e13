import { defaultsOf, section, type ConfigOf } from '../config-option.js';
import { bool, text, url } from '../values.js';

const { option } = section('outbound');

/** Endpoints the executors send to (docs/reference/scheduling-rules.md §6, §11). */
export const outboundSchema = {
  storageEndpointTemplate: option({
    env: 'TAKT_STORAGE_ENDPOINT',
    parse: url('{account}'),
    default: 'https://{account}.queue.core.windows.net',
    doc: 'Storage queue endpoint; `{account}` is replaced (e.g. Azurite `http://127.0.0.1:10001/{account}`)',
  }),
  storageApiVersion: option({
    env: 'TAKT_STORAGE_VERSION',
    parse: text(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD version'),
    default: '2020-10-02',
    doc: '`x-ms-version` sent to Storage',
  }),
  storageBase64: option({
    env: 'TAKT_STORAGE_BASE64',
    parse: bool,
    default: false,
    doc: 'put queue messages as base64 of their UTF-8 bytes (default: plain text)',
  }),
  serviceBusEndpointTemplate: option({
    env: 'TAKT_SERVICE_BUS_ENDPOINT',
    parse: url('{namespace}'),
    default: 'https://{namespace}.servicebus.windows.net',
    doc: 'Service Bus endpoint; `{namespace}` is replaced',
  }),
  oauthAuthority: option({
    env: 'TAKT_OAUTH_AUTHORITY',
    parse: url(),
    default: 'https://login.microsoftonline.com',
    doc: 'authority of `ActiveDirectoryOAuth` token requests',
  }),
};

export type OutboundEndpoints = ConfigOf<typeof outboundSchema>;

/** The defaults, for executors built without a full configuration (tests, benches). */
export const outboundDefaults: OutboundEndpoints = defaultsOf(outboundSchema);
