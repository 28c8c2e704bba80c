import { formatOptionsHelp, loadConfig } from '../config/index.js';
import { isDevmailError } from '../core/errors.js';
import { startDevmail } from '../devmail.js';
import { applyServerHeapPolicy } from './heap-policy.js';

/** `devmail serve [options]`: runs until SIGINT/SIGTERM, then shuts down gracefully. */
export async function runServe(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`Usage: devmail [serve] [options]\n\nRuns the SMTP server, the API and the web UI.\n\n${formatOptionsHelp()}`);
    return 0;
  }
  let config;
  try {
    config = loadConfig({ argv, env });
  } catch (err) {
    if (isDevmailError(err, 'config_invalid')) {
      process.stderr.write(`devmail: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  applyServerHeapPolicy();
  const devmail = await startDevmail(config);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      devmail.logger.info({ signal }, 'shutting down: finishing messages in flight');
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await devmail.close();
  devmail.logger.info('stopped');
  return 0;
}
