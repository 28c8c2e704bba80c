#!/usr/bin/env node
import { basename } from 'node:path';
import { isDevmailError } from '../core/errors.js';

/** The sub-commands, each loaded only when used so `devmail sendmail` starts fast. */
const COMMANDS: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  serve: {
    summary: 'run the SMTP server, API and web UI (the default)',
    run: async (argv) => (await import('./serve.js')).runServe(argv, process.env),
  },
  sendmail: {
    summary: 'a sendmail drop-in: read a message on stdin and send it to devmail',
    run: async (argv) => (await import('./sendmail.js')).runSendmail(argv, process.env),
  },
  ingest: {
    summary: 'import .eml files, maildirs and mbox files',
    run: async (argv) => (await import('./ingest-command.js')).runIngest(argv, process.env),
  },
  export: {
    summary: 'export messages to a folder of .eml files or an mbox file',
    run: async (argv) => (await import('./export-command.js')).runExport(argv, process.env),
  },
  load: {
    summary: 'send a bounded burst of test mail to an SMTP server and report messages/s',
    run: async (argv) => (await import('./load-command.js')).runLoadCommand(argv, process.env),
  },
  config: {
    summary: 'print the effective configuration',
    run: async (argv) => (await import('./config-command.js')).runConfig(argv, process.env),
  },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: devmail [command] [options]\n\nCommands:\n${rows.join('\n')}\n\nRun "devmail serve --help" for the server's options.\n`;
}

/** Picks the command: `sendmail` when invoked under that name, else the first word (default serve). */
export async function main(argv: string[], invokedAs: string): Promise<number> {
  if (basename(invokedAs).replace(/\.js$/, '') === 'sendmail') return COMMANDS.sendmail.run(argv);
  const [first, ...rest] = argv;
  if (first === undefined || first.startsWith('-')) {
    if (first === '--help' || first === '-h') {
      process.stdout.write(usage());
      return 0;
    }
    if (first === '--version' || first === '-V') {
      process.stdout.write(`${(await import('../devmail.js')).VERSION}\n`);
      return 0;
    }
    return COMMANDS.serve.run(argv);
  }
  const command = COMMANDS[first];
  if (!command) {
    process.stderr.write(`devmail: unknown command "${first}"\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2), process.argv[1] ?? 'devmail').then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`devmail: ${isDevmailError(err) ? err.message : (err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = isDevmailError(err, 'config_invalid') ? 2 : 1;
  },
);
