import type { Envelope, ParsedMessage } from '../../core/types.js';
import type { PartContent } from '../../mime/index.js';
import type { ScannedHtml } from '../html/scan-html.js';

/** How much a finding matters: `error` breaks delivery or display, `warning` risks it, `info` is worth knowing. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** Where a finding is: a header, a line of the HTML or text body, a part, or the whole message. */
export interface LintLocation {
  part: 'header' | 'html' | 'text' | 'attachment' | 'message' | 'envelope';
  /** Header name, file name or part ID, when there is one. */
  name?: string;
  /** 1-based line of the HTML or text body. */
  line?: number;
}

/** One finding of the lint. */
export interface LintFinding {
  severity: LintSeverity;
  /** Stable identifier of the rule, e.g. `html-gmail-clipping`. */
  code: string;
  /** One sentence for a person. */
  message: string;
  location: LintLocation;
}

/** Everything the rules read, parsed once. */
export interface LintInput {
  raw: Buffer;
  envelope: Envelope;
  parsed: ParsedMessage;
  parts: PartContent[];
  /** The HTML body scanned (empty when there is none). */
  html: ScannedHtml;
}

/** A lint rule: findings for one message. */
export type LintRule = (input: LintInput) => LintFinding[];
