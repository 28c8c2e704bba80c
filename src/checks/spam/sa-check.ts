import type { SpamdAddress } from '../../config/types.js';
import { spamdReport } from './spamd-client.js';
import { parseSpamdRules } from './spamd-report.js';

/** Mailpit's SpamAssassin result (`/api/v1/message/{ID}/sa-check`), field for field. */
export interface SpamAssassinResult {
  IsSpam: boolean;
  /** Total score, to one decimal (rounded down, as Mailpit does). */
  Score: number;
  Rules: Array<{ Name: string; Score: number; Description: string }>;
  /** Empty on success; engine failures are HTTP errors instead (see engine-errors). */
  Error: string;
}

/** Scores a raw message with spamd and answers in Mailpit's shape. */
export async function checkWithSpamAssassin(address: SpamdAddress, raw: Buffer, timeoutMs: number): Promise<SpamAssassinResult> {
  const answer = await spamdReport(address, raw, timeoutMs);
  return {
    // spamd's own verdict, so a site's required_score in local.cf is respected.
    IsSpam: answer.isSpam,
    Score: roundDown1(answer.score),
    Rules: parseSpamdRules(answer.report).map((r) => ({ Name: r.name, Score: roundDown1(r.score), Description: r.description })),
    Error: '',
  };
}

function roundDown1(n: number): number {
  // The epsilon keeps 2.3 (22.999… in binary) at 2.3.
  return Math.floor(n * 10 + 1e-9) / 10;
}
