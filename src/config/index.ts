export { loadConfig, type ConfigSources } from './load-config.js';
export { ConfigError } from './values.js';
export type {
  ApiServerConfig,
  CatchUpMode,
  EngineConfig,
  LogLevel,
  OutboundConfig,
  Role,
  StoreChoice,
  TaktConfig,
} from './types.js';
