import { OPTIONS, type OptionSpec } from './options.js';

const GROUPS = ['SMTP', 'HTTP', 'Storage', 'Logging', 'Checks', 'Relay', 'Webhooks'] as const;

function specsOf(group: (typeof GROUPS)[number]): OptionSpec<unknown>[] {
  return (Object.values(OPTIONS) as OptionSpec<unknown>[]).filter((s) => s.group === group);
}

/** The options part of `devmail serve --help`, from the options table. */
export function formatOptionsHelp(): string {
  const lines: string[] = [];
  for (const group of GROUPS) {
    lines.push(`${group}:`);
    for (const spec of specsOf(group)) {
      const left = `  --${spec.flag}${spec.valueName ? ` ${spec.valueName}` : ''}`;
      const def = spec.defaultValue && spec.valueName ? ` [default: ${spec.defaultValue}]` : '';
      lines.push(`${left.padEnd(40)} ${spec.doc}${def}`);
      lines.push(`${''.padEnd(40)} env ${spec.env}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** docs/config.md, from the options table. */
export function formatOptionsMarkdown(): string {
  const lines = [
    '# Configuration',
    '',
    'Every option is a flag of `devmail serve` and an environment variable. A flag wins over the',
    'variable, the variable over the default. A bad value stops start-up with a message naming both.',
    'This page is generated from the options table (`npm run docs:config`).',
    '',
  ];
  for (const group of GROUPS) {
    lines.push(`## ${group}`, '', '| flag | variable | default | meaning |', '|---|---|---|---|');
    for (const spec of specsOf(group)) {
      const flag = `\`--${spec.flag}${spec.valueName ? ` ${spec.valueName}` : ''}\``;
      const def = spec.defaultValue ? `\`${spec.defaultValue}\`` : '';
      lines.push(`| ${flag} | \`${spec.env}\` | ${def} | ${spec.doc.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
