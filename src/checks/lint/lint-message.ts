import type { Envelope } from '../../core/types.js';
import { parseWithParts } from '../../mime/index.js';
import { MAX_TAGS, scanHtml } from '../html/scan-html.js';
import { charsets } from './charset-rules.js';
import { fromMatchesEnvelope, listUnsubscribe, requiredHeaders } from './header-rules.js';
import { clickTracking, gmailClipping, htmlLang, imagesWithoutAlt, insecureUrls, trackingPixels } from './html-rules.js';
import type { LintFinding, LintRule } from './lint-types.js';
import { contentIds, providerSizeLimits, textPart } from './part-rules.js';

/** Every rule, in the order their findings are listed within one severity. */
const RULES: LintRule[] = [
  requiredHeaders,
  fromMatchesEnvelope,
  listUnsubscribe,
  textPart,
  charsets,
  gmailClipping,
  contentIds,
  providerSizeLimits,
  htmlLang,
  imagesWithoutAlt,
  insecureUrls,
  trackingPixels,
  clickTracking,
];

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** The lint's answer. */
export interface LintReport {
  findings: LintFinding[];
  counts: { error: number; warning: number; info: number };
}

/**
 * Lints a captured message: headers, bodies, parts, charsets. Each rule reads the parsed
 * message; a rule that fails on hostile input becomes a finding of its own, never an error
 * of the whole report.
 */
export async function lintMessage(raw: Buffer, envelope: Envelope): Promise<LintReport> {
  const { parsed, parts } = await parseWithParts(raw);
  const input = { raw, envelope, parsed, parts, html: scanHtml(parsed.html) };
  const findings: LintFinding[] = [];
  if (parsed.parseError) {
    findings.push({ severity: 'error', code: 'mime-unparseable', message: `The MIME structure could not be parsed: ${parsed.parseError}.`, location: { part: 'message' } });
  }
  if (input.html.truncated) {
    findings.push({ severity: 'info', code: 'html-too-many-tags', message: `The HTML has more than ${MAX_TAGS.toLocaleString('en')} tags; only those before were checked.`, location: { part: 'html' } });
  }
  for (const rule of RULES) {
    try {
      findings.push(...rule(input));
    } catch (err) {
      findings.push({ severity: 'warning', code: 'lint-rule-failed', message: `The ${rule.name} check could not read this message: ${(err as Error).message}.`, location: { part: 'message' } });
    }
  }
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const count = (severity: LintFinding['severity']) => findings.filter((f) => f.severity === severity).length;
  return { findings, counts: { error: count('error'), warning: count('warning'), info: count('info') } };
}
