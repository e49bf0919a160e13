export { loadConfig, type ConfigSources } from './load-config.js';
export { ConfigError, maskUrlPassword } from './values.js';
export { CONFIG_FILE_OPTION, configSchema } from './config-schema.js';
export { ConfigOption } from './config-option.js';
export { flagHelp } from './option-text.js';
export type { ApiServerConfig, EngineConfig, LogLevel, StoreChoice, TaktConfig } from './config-schema.js';
