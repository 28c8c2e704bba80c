import type { ChaosRule } from '../../chaos/index.js';

/** A chaos rule as the API shows it (PascalCase, as the rest of the native API). */
export interface ChaosRuleJson {
  ID: string;
  Source: string;
  Stage: string;
  Match: { Sender?: string; Recipient?: string; User?: string; Inbox?: string };
  Action: {
    Type: string;
    Code?: number;
    EnhancedCode?: string;
    Text?: string;
    Disconnect?: boolean;
    Ms?: number;
    BytesPerSecond?: number;
    MaxBytesPerSecond?: number;
    PerMinute?: number;
  };
  Probability: number;
  Times: number | null;
  Seed: number | null;
  Description: string;
  Matched: number;
  Fired: number;
}

/** A rule for the API. */
export function toChaosRuleJson(rule: ChaosRule): ChaosRuleJson {
  const a = rule.action;
  const action: ChaosRuleJson['Action'] = { Type: a.type };
  switch (a.type) {
    case 'reply':
      Object.assign(action, { Code: a.code, EnhancedCode: a.enhanced, Text: a.text, Disconnect: a.disconnect });
      break;
    case 'delay':
      action.Ms = a.ms;
      break;
    case 'throttle':
      Object.assign(action, { BytesPerSecond: a.bytesPerSecond, MaxBytesPerSecond: a.maxBytesPerSecond });
      break;
    case 'rate-limit':
      Object.assign(action, { PerMinute: a.perMinute, Code: a.code, Text: a.text });
      break;
  }
  const m = rule.match;
  return {
    ID: rule.id,
    Source: rule.source,
    Stage: rule.stage,
    Match: { Sender: m.sender, Recipient: m.recipient, User: m.user, Inbox: m.inbox },
    Action: action,
    Probability: rule.probability,
    Times: rule.times,
    Seed: rule.seed,
    Description: rule.description,
    Matched: rule.matched,
    Fired: rule.fired,
  };
}
