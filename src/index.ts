/**
 * devmail as a library: start the whole server inside a test process, configured with the same
 * flags the command line takes, e.g.
 * `const mail = await startDevmail(loadConfig({ argv: ['--database', ':temp:', '--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0'], env: {} }))`.
 * The client for test suites is `devmail/sdk`.
 */
export { startDevmail, VERSION, type RunningDevmail } from './devmail.js';
export { loadConfig, type Config, type ConfigSources } from './config/index.js';
