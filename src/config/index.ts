export * from './types.js';
export { loadConfig, type ConfigSources } from './load.js';
export { OPTIONS, type OptionSpec, type OptionKey } from './options.js';
export { formatOptionsHelp, formatOptionsMarkdown } from './help.js';
