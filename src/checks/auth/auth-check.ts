import type { AuthStatus, DNSResolver } from 'mailauth';
import type { CaptureSource, Envelope } from '../../core/types.js';
import { createBudgetResolver } from './budget-resolver.js';

/** One verdict: RFC 8601 result words (pass, fail, none, temperror, permerror, neutral, softfail, policy). */
export interface AuthVerdict {
  Result: string;
  /** Why, in words: the verifier's comment (e.g. "no key", "queryTxt ETIMEOUT shop.test"). */
  Comment: string;
}

/** devmail's authentication result (`/api/v1/message/{ID}/auth-check`). */
export interface AuthCheckResult {
  /** One entry per DKIM-Signature (or one `none` when the message is not signed). */
  DKIM: Array<AuthVerdict & { Domain: string; Selector: string; Aligned: boolean }>;
  SPF: AuthVerdict & { Domain: string; ClientIP: string };
  DMARC: AuthVerdict & { Domain: string; Policy: string };
  ARC: AuthVerdict;
  /** The Authentication-Results header a receiving server would add. */
  AuthenticationResults: string;
  /** True when some verdict is temperror: DNS could not be reached, so it could not be verified. */
  CannotVerify: boolean;
}

/**
 * Verifies DKIM signatures and ARC, and evaluates SPF (from the envelope's client IP, HELO and
 * MAIL FROM) and DMARC, looking keys and policies up through `dnsServer` (the system's when
 * null) within `timeoutMs`. DNS that cannot be reached yields `temperror` with the reason — a
 * "cannot verify", not a failure of the check.
 */
export async function checkAuthentication(
  raw: Buffer,
  envelope: Envelope,
  opts: { dnsServer: string | null; timeoutMs: number; hostname: string; source: CaptureSource },
): Promise<AuthCheckResult> {
  const resolver = createBudgetResolver(opts.dnsServer, opts.timeoutMs);
  // SPF judges the SMTP client's IP; a message posted to the API or ingested by the CLI has
  // none (the address an HTTP caller came from is not a mail server).
  const clientIp = opts.source === 'smtp' ? envelope.clientAddress || '' : '';
  // Loaded on first use: mailauth and its dependencies cost ~0.5 s and ~40 MB at import.
  const { authenticate } = await import('mailauth');
  const result = await authenticate(raw, {
    ip: clientIp || undefined,
    helo: envelope.heloName || undefined,
    sender: envelope.mailFrom || undefined,
    mta: opts.hostname,
    resolver: resolver as DNSResolver,
    // BIMI is about logos, not authenticity, and costs more lookups.
    disableBimi: true,
  });
  const dkim = result.dkim.results.map((r) => ({
    ...verdict(r.status),
    Domain: r.signingDomain ?? '',
    Selector: r.selector ?? '',
    Aligned: Boolean(r.status.aligned),
  }));
  const spf = result.spf && clientIp
    ? { ...verdict(result.spf.status), Domain: result.spf.domain ?? '', ClientIP: clientIp }
    : { Result: 'none', Comment: 'no SMTP client IP (the message was not received over SMTP)', Domain: '', ClientIP: '' };
  const dmarc = result.dmarc
    ? { ...verdict(result.dmarc.status), Domain: result.dmarc.domain ?? '', Policy: result.dmarc.policy ?? '' }
    : { Result: 'none', Comment: 'no From domain', Domain: '', Policy: '' };
  const arc = result.arc ? verdict(result.arc.status) : { Result: 'none', Comment: '' };
  const all = [...dkim, spf, dmarc, arc];
  return {
    DKIM: dkim,
    SPF: spf,
    DMARC: dmarc,
    ARC: arc,
    AuthenticationResults: authResultsHeader(result.headers),
    CannotVerify: all.some((v) => v.Result === 'temperror'),
  };
}

function verdict(status: AuthStatus | undefined): AuthVerdict {
  const result = status?.result === 'temperr' ? 'temperror' : (status?.result ?? 'none');
  return { Result: result, Comment: status?.comment ?? '' };
}

/** The Authentication-Results header's value, unfolded, from mailauth's header block. */
function authResultsHeader(headers: string): string {
  const unfolded = headers.replace(/\r\n[ \t]+/g, ' ');
  const line = unfolded.split('\r\n').find((l) => /^authentication-results:/i.test(l));
  return line ? line.slice(line.indexOf(':') + 1).trim() : '';
}
