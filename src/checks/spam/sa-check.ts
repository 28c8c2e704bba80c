import type { SpamdAddress } from '../../config/types.js';
import { spamdReport } from './spamd-client.js';
import { parseSpamdRules } from './spamd-report.js';
import { capForSpamd, truncationNote } from './spamd-limit.js';

/** Mailpit's SpamAssassin result (`/api/v1/message/{ID}/sa-check`), field for field. */
export interface SpamAssassinResult {
  IsSpam: boolean;
  /** Total score, to one decimal (rounded down, as Mailpit does). */
  Score: number;
  Rules: Array<{ Name: string; Score: number; Description: string }>;
  /**
   * Empty on success, or says that the message was cut to spamc's 500 KB limit before it was
   * scored (the score is then the first part's); engine failures are HTTP errors instead.
   */
  Error: string;
}

/** Scores a raw message (at most its first 500 KB) with spamd and answers in Mailpit's shape. */
export async function checkWithSpamAssassin(address: SpamdAddress, raw: Buffer, timeoutMs: number): Promise<SpamAssassinResult> {
  const input = capForSpamd(raw);
  const answer = await spamdReport(address, input.bytes, timeoutMs);
  return {
    // spamd's own verdict, so a site's required_score in local.cf is respected.
    IsSpam: answer.isSpam,
    Score: roundDown1(answer.score),
    Rules: parseSpamdRules(answer.report).map((r) => ({ Name: r.name, Score: roundDown1(r.score), Description: r.description })),
    Error: truncationNote(input),
  };
}

function roundDown1(n: number): number {
  // The epsilon keeps 2.3 (22.999… in binary) at 2.3.
  return Math.floor(n * 10 + 1e-9) / 10;
}
