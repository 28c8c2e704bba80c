#!/usr/bin/env node
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { chromium, type Browser } from 'playwright-core';
import { buildLoadTemplate, runLoad } from '../load/index.js';
import { percentile } from '../load/stats.js';
import { storedCount } from './http-timing.js';
import { startDevmailProcess } from './server-process.js';
import { measureInitialJs, type BundleFigures } from './ui-bundle.js';

const HELP = `Usage: npm run bench:ui -- [options]

Measures the web UI: the initial JS of the build (gzipped), then with a store of N messages
(filled over SMTP) the first paint of the list in a fresh headless Chromium and the time to
open one of N HTML messages on top (click to rendered, and to its HTML frame loaded). Prints a markdown table and
writes JSON to bench-results/ui.json. Needs \`npm run build\` and /usr/bin/chromium.

  --stored N     messages in the store (default 100000), plus one HTML message per run
  --runs N       page loads and message opens measured (default 10)
  --chromium P   browser binary (default /usr/bin/chromium)
  --out FILE     JSON output (default bench-results/ui.json)
`;

interface Timings {
  runs: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
}

interface UiReport {
  date: string;
  machine: { cpus: number; cpuModel: string; node: string };
  bundle: BundleFigures;
  stored: number;
  /** Navigation start → first list rows painted (a fresh browser context each run: no cache). */
  listFirstPaint: Timings;
  /** The same runs: navigation start → first contentful paint (the page shell). */
  firstContentfulPaint: Timings;
  /** Click on a row → the message's header and tab rendered. */
  openMessage: Timings;
  /** Click on a row → its HTML frame loaded. */
  openMessageHtml: Timings;
}

/**
 * Runs in the page (as source text: this module is compiled for Node, without DOM types).
 * Clicks the row at `index` and returns the milliseconds until the message is rendered (the
 * UI's `devmail:message-shown` mark) and until its HTML frame has loaded.
 */
const OPEN_MESSAGE_IN_PAGE = `async (index) => {
  const rows = document.querySelectorAll('.list-row');
  const row = rows[index % rows.length];
  const before = performance.getEntriesByName('devmail:message-shown').length;
  const start = performance.now();
  row.click();
  let shown = 0;
  while (performance.now() < start + 30000) {
    if (!shown && performance.getEntriesByName('devmail:message-shown').length > before) shown = performance.now() - start;
    const frame = document.querySelector('iframe[title="Message HTML"]');
    if (shown && frame) {
      await new Promise((done) => frame.addEventListener('load', done, { once: true }));
      return [shown, performance.now() - start];
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error('the message did not open in 30 s');
}`;

const progress = (text: string) => process.stderr.write(`bench:ui: ${text}\n`);

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stored: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '10' },
      chromium: { type: 'string', default: '/usr/bin/chromium' },
      out: { type: 'string', default: 'bench-results/ui.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const stored = Number(values.stored);
  const runs = Number(values.runs);
  if (!Number.isInteger(stored) || stored < 1 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`bench:ui: --stored and --runs take whole numbers\n\n${HELP}`);
    return 2;
  }

  const bundle = measureInitialJs(fileURLToPath(new URL('../web/', import.meta.url)));
  const work = mkdtempSync(join(tmpdir(), 'devmail-bench-ui-'));
  const server = await startDevmailProcess({ database: join(work, 'ui.db'), args: ['--max', '0'] });
  let browser: Browser | null = null;
  try {
    progress(`filling the store with ${stored} messages over SMTP`);
    const fill = await runLoad({ ...server.smtp, messages: stored, sessions: 10, sizeBytes: 2048, template: buildLoadTemplate({ sizeBytes: 2048 }), reuse: true, pipelining: true });
    // The newest messages, the ones opened: HTML newsletters (the load template is plain text).
    await sendHtmlMessages(server.smtp, runs);
    const count = await storedCount(server.http);
    if (fill.failed > 0 || count !== stored + runs) throw new Error(`the store holds ${count} messages, ${fill.failed} failed to send`);

    browser = await chromium.launch({
      executablePath: values.chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const paint: number[] = [];
    const fcp: number[] = [];
    const open: number[] = [];
    const openHtml: number[] = [];
    for (let run = 0; run < runs; run++) {
      progress(`run ${run + 1} of ${runs}`);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(server.http);
      // A function, not source text: the UI's CSP forbids eval, which a string predicate needs.
      await page.waitForFunction(() => performance.getEntriesByName('devmail:list-painted').length > 0, undefined, { timeout: 30_000 });
      paint.push(await page.evaluate<number>("performance.getEntriesByName('devmail:list-painted')[0].startTime"));
      fcp.push(await page.evaluate<number>("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN"));
      // Each run opens another of the HTML messages on top.
      const [shownMs, htmlMs] = await page.evaluate<[number, number]>(`(${OPEN_MESSAGE_IN_PAGE})(${run})`);
      open.push(shownMs);
      openHtml.push(htmlMs);
      await context.close();
    }
    const report: UiReport = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', node: process.version },
      bundle,
      stored: count,
      listFirstPaint: summarise(paint),
      firstContentfulPaint: summarise(fcp),
      openMessage: summarise(open),
      openMessageHtml: summarise(openHtml),
    };
    process.stdout.write(formatUiReport(report));
    const out = resolve(values.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nJSON written to ${out}\n`);
    return 0;
  } finally {
    await browser?.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Sends `count` HTML messages of a newsletter's size and shape, with a table layout and styles. */
async function sendHtmlMessages(smtp: { host: string; port: number }, count: number): Promise<void> {
  const transport = nodemailer.createTransport({ ...smtp, secure: false, ignoreTLS: true });
  const rows = Array.from({ length: 30 }, (_, i) => `<tr><td style="padding:8px;font:14px sans-serif">Item ${i}: a product line with a <a href="https://shop.example.test/p/${i}">link</a></td></tr>`).join('');
  try {
    for (let i = 0; i < count; i++) {
      await transport.sendMail({
        from: 'Shop <news@shop.example.test>',
        to: 'reader@example.test',
        subject: `Newsletter ${i}`,
        text: 'Plain text version',
        html: `<!DOCTYPE html><html><body style="margin:0"><table width="600" align="center">${rows}</table></body></html>`,
      });
    }
  } finally {
    transport.close();
  }
}

function summarise(values: number[]): Timings {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { runs: values.length, medianMs: round(percentile(sorted, 50)), p90Ms: round(percentile(sorted, 90)), maxMs: round(sorted[sorted.length - 1] ?? Number.NaN) };
}

function formatUiReport(r: UiReport): string {
  const row = (name: string, t: Timings) => `| ${name} | ${t.medianMs} | ${t.p90Ms} | ${t.maxMs} |`;
  return [
    `# devmail web UI — ${r.date}`,
    '',
    `${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}`,
    '',
    `Initial JS: ${(r.bundle.gzipBytes / 1024).toFixed(1)} KB gzipped (${(r.bundle.bytes / 1024).toFixed(1)} KB raw; ${r.bundle.files.join(', ')})`,
    '',
    `With ${r.stored} messages stored, ${r.listFirstPaint.runs} runs, fresh browser context each:`,
    '',
    '| step | median ms | p90 ms | max ms |',
    '|---|---|---|---|',
    row('first contentful paint', r.firstContentfulPaint),
    row('list first paint (rows on screen)', r.listFirstPaint),
    row('open a message (click → rendered)', r.openMessage),
    row('open a message (click → HTML frame loaded)', r.openMessageHtml),
    '',
  ].join('\n');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench:ui: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
