import { DevmailError, isDevmailError } from '../core/errors.js';
import { parseChaosRule } from './parse-rule.js';
import type { ChaosRuleSpec } from './types.js';

/**
 * Parses a chaos rules file's text: a JSON array of rules in the API's shape (or
 * `{"Rules": [...]}`). Throws DevmailError('bad_request') naming the rule and what is wrong.
 */
export function parseChaosRulesText(text: string): ChaosRuleSpec[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DevmailError('bad_request', `not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(json) ? json : (json as { Rules?: unknown } | null)?.Rules;
  if (!Array.isArray(list)) throw new DevmailError('bad_request', 'expected a JSON array of rules (or {"Rules": [...]})');
  return list.map((rule, i) => {
    try {
      return parseChaosRule(rule, `rule ${i + 1}: `);
    } catch (err) {
      if (isDevmailError(err)) throw new DevmailError('bad_request', err.message);
      throw err;
    }
  });
}
