export { ChaosEngine, type ChaosEngineOptions } from './engine.js';
export { ChaosControl, type ChaosStartOptions } from './chaos-control.js';
export { parseChaosRule } from './parse-rule.js';
export { parseChaosTriggers, parseMailpitTriggersBody, defaultMailpitTriggers, type MailpitTriggers, type MailpitTrigger } from './mailpit-triggers.js';
export { defaultJim, parseJimBody, type JimSettings } from './jim.js';
export { withChaos, type ChaosHookOptions } from './smtp-hooks.js';
export { parseChaosRulesText } from './rules-file.js';
export { seededRandom } from './prng.js';
export { CHAOS_STAGES, type ChaosRule, type ChaosRuleSpec, type ChaosStage, type ChaosAction, type ChaosVerdict, type ChaosContext } from './types.js';
