import { OPTIONS } from '../config/index.js';

/** A command's own flags: `value` ones take the next word (or `=value`), `switch` ones none. */
export type OwnFlags = Record<string, 'value' | 'switch'>;

/** A command line split into the command's own flags, the server options, and the rest. */
export interface SplitArgs {
  /** Own flags given, by name without dashes; switches map to 'true'. */
  own: Map<string, string>;
  /** Words for `loadConfig` (the same `--database`… flags as `devmail serve`). */
  config: string[];
  /** Words that are not flags (paths, destinations). */
  positionals: string[];
}

const configFlagTakesValue = new Map(Object.values(OPTIONS).map((spec) => [spec.flag, Boolean(spec.valueName)]));

/**
 * Splits argv for commands that open the store: their own flags, serve's options (passed on to
 * `loadConfig`, which names a bad or unknown one), and positionals. Throws for a flag that
 * lacks its value.
 */
export function splitCommandArgs(argv: readonly string[], ownFlags: OwnFlags): SplitArgs {
  const out: SplitArgs = { own: new Map(), config: [], positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('--')) {
      if (word === '-h') out.own.set('help', 'true');
      else out.positionals.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq === -1 ? undefined : eq);
    const kind = ownFlags[name];
    if (kind) {
      if (kind === 'switch') out.own.set(name, 'true');
      else if (eq !== -1) out.own.set(name, word.slice(eq + 1));
      else if (i + 1 < argv.length) out.own.set(name, argv[++i]);
      else throw new Error(`--${name} needs a value`);
      continue;
    }
    out.config.push(word);
    if (eq === -1 && configFlagTakesValue.get(name) && i + 1 < argv.length) out.config.push(argv[++i]);
  }
  return out;
}
