import { json, send } from './client';

/** SMTP sessions, chaos and the relay queue as the UI reads them. */

export interface SessionSummary {
  ID: string;
  Started: string;
  Ended: string | null;
  DurationMs: number;
  ClientIP: string;
  ClientPort: number;
  ServerPort: number;
  Helo: string;
  TLS: { Protocol: string; Cipher: string } | null;
  AuthUser: string;
  MessageIDs: string[];
  Messages: number;
  Lines: number;
  EndReason: string;
}

export interface Session extends SessionSummary {
  Transcript: Array<{ Ms: number; Source: 'client' | 'server' | 'event'; Text: string }>;
  Omitted: number;
}

/** One of Mailpit's triggers. */
export interface Trigger {
  ErrorCode: number;
  Probability: number;
}

export interface Triggers {
  Sender: Trigger;
  Recipient: Trigger;
  Authentication: Trigger;
}

/** Where in the SMTP conversation a rule acts. */
export const CHAOS_STAGES = ['connect', 'ehlo', 'auth', 'mail', 'rcpt', 'data', 'after-data'] as const;

export interface ChaosAction {
  Type: 'reply' | 'delay' | 'drop' | 'throttle' | 'rate-limit';
  Code?: number;
  EnhancedCode?: string;
  Text?: string;
  Disconnect?: boolean;
  Ms?: number;
  BytesPerSecond?: number;
  PerMinute?: number;
}

export interface ChaosRule {
  ID: string;
  Source: string;
  Stage: (typeof CHAOS_STAGES)[number];
  Match: { Sender?: string; Recipient?: string; User?: string; Inbox?: string };
  Action: ChaosAction;
  Probability: number;
  Times: number | null;
  Description?: string;
  Matched: number;
  Fired: number;
}

/** A rule as it is added. */
export type NewChaosRule = Omit<ChaosRule, 'ID' | 'Source' | 'Matched' | 'Fired'>;

export interface RelayJob {
  ID: number;
  MessageID: string;
  Origin: string;
  To: string[];
  Status: 'pending' | 'delivered' | 'failed';
  Attempts: number;
  NextAttempt: string | null;
  LastError: string | null;
  LastResult: string | null;
  Created: string;
}

export const tools = {
  sessions: (limit = 100) => json<{ total: number; sessions: SessionSummary[] }>(`api/v1/sessions?limit=${limit}`),
  session: (id: string) => json<Session>(`api/v1/sessions/${encodeURIComponent(id)}`),
  triggers: () => json<Triggers>('api/v1/chaos'),
  setTriggers: async (t: Triggers) => (await send('PUT', 'api/v1/chaos', t)).json() as Promise<Triggers>,
  rules: () => json<{ Seed: number; Rules: ChaosRule[] }>('api/v1/chaos/rules'),
  addRule: (rule: NewChaosRule) => send('POST', 'api/v1/chaos/rules', rule),
  deleteRule: (id: string) => send('DELETE', `api/v1/chaos/rules/${encodeURIComponent(id)}`),
  /** Releases a message: delivered (`ok`), or queued after a temporary failure (the job). */
  release: async (id: string, to: string[]): Promise<{ queued: RelayJob | null }> => {
    const res = await send('POST', `api/v1/message/${encodeURIComponent(id)}/release`, { To: to });
    return { queued: res.status === 202 ? ((await res.json()) as RelayJob) : null };
  },
  relayQueue: () => json<{ jobs: RelayJob[] }>('api/v1/relay/queue'),
};
