import { useState } from 'react';
import { tools, CHAOS_STAGES, type ChaosAction, type ChaosRule, type NewChaosRule, type Triggers } from '../api/tools';
import { CheckBody, useLoad } from '../tabs/check-state';

const TRIGGERS = ['Sender', 'Recipient', 'Authentication'] as const;

/** Chaos: Mailpit's three triggers, and devmail's rules with a form to add one. */
export function ChaosPage() {
  const [triggers, reloadTriggers] = useLoad(() => tools.triggers(), 'triggers');
  const [rules, reloadRules] = useLoad(() => tools.rules(), 'rules');
  const [error, setError] = useState('');
  const fail = (err: Error) => setError(err.message);
  return (
    <div className="tool-page">
      <div className="tool-head">
        <h1>Chaos</h1>
        <button
          onClick={() => {
            reloadTriggers();
            reloadRules();
          }}
        >
          Refresh
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error} <button className="link" onClick={() => setError('')}>Dismiss</button>
        </p>
      )}
      <section aria-label="Triggers">
        <h2>Mailpit's triggers</h2>
        {triggers.state === 'failed' && triggers.status === 400 ? (
          <p className="check-unavailable off" role="status">
            Mailpit's chaos triggers are off ({triggers.message}): start devmail with --enable-chaos or --chaos-triggers. The rules below work
            either way.
          </p>
        ) : (
          <CheckBody load={triggers} what="chaos triggers">
            {(t) => <TriggerForm key={JSON.stringify(t)} triggers={t} onSave={(next) => tools.setTriggers(next).then(reloadTriggers, fail)} />}
          </CheckBody>
        )}
      </section>
      <section aria-label="Rules">
        <h2>Rules</h2>
        <CheckBody load={rules} what="chaos rules">
          {({ Rules }) => (
            <>
              {Rules.length === 0 && <p className="empty">No rules.</p>}
              <ol className="check-list chaos-rules">
                {Rules.map((r) => (
                  <li key={r.ID} className="chaos-rule">
                    <span>{describe(r)}</span>
                    <span className="muted">
                      {' '}
                      matched {r.Matched}, fired {r.Fired}
                    </span>
                    {(r.Source === 'api' || r.Source === 'file') && (
                      <button className="danger" aria-label={`Delete rule ${r.ID}`} onClick={() => tools.deleteRule(r.ID).then(reloadRules, fail)}>
                        Delete
                      </button>
                    )}
                  </li>
                ))}
              </ol>
              <RuleForm
                onAdd={(rule) =>
                  tools.addRule(rule).then(() => {
                    setError('');
                    reloadRules();
                  }, fail)
                }
              />
            </>
          )}
        </CheckBody>
      </section>
    </div>
  );
}

/** A rule in one line: stage, patterns, action, chance, times. */
function describe(r: ChaosRule): string {
  const match = Object.entries(r.Match ?? {})
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const a = r.Action;
  const action =
    a.Type === 'reply'
      ? `reply ${a.Code ?? ''} ${a.Text ?? ''}${a.Disconnect ? ' and disconnect' : ''}`
      : a.Type === 'delay'
        ? `delay ${a.Ms} ms`
        : a.Type === 'throttle'
          ? `throttle to ${a.BytesPerSecond} B/s`
          : a.Type === 'rate-limit'
            ? `rate-limit ${a.PerMinute}/min`
            : 'drop the connection';
  const chance = r.Probability < 1 ? `, ${Math.round(r.Probability * 100)}%` : '';
  const times = r.Times === null ? '' : r.Times === 1 ? ', first time only' : `, first ${r.Times} times`;
  return `${r.Description ? `${r.Description}: ` : ''}at ${r.Stage}${match ? ` if ${match}` : ''} → ${action.trim()}${chance}${times} (${r.Source})`;
}

function TriggerForm({ triggers, onSave }: { triggers: Triggers; onSave(t: Triggers): void }) {
  const [draft, setDraft] = useState(triggers);
  const set = (name: (typeof TRIGGERS)[number], field: 'ErrorCode' | 'Probability', value: string) =>
    setDraft({ ...draft, [name]: { ...draft[name], [field]: Number(value) } });
  return (
    <div className="chaos-form">
      {TRIGGERS.map((name) => (
        <div key={name} className="form-row">
          <span className="family">{name}</span>
          <label>
            Code <input type="number" min={400} max={599} value={draft[name].ErrorCode} onChange={(e) => set(name, 'ErrorCode', e.target.value)} />
          </label>
          <label>
            Probability % <input type="number" min={0} max={100} value={draft[name].Probability} onChange={(e) => set(name, 'Probability', e.target.value)} />
          </label>
        </div>
      ))}
      <button onClick={() => onSave(draft)}>Save triggers</button>
    </div>
  );
}

/** The action's fields each type takes. */
function buildAction(type: ChaosAction['Type'], f: Record<string, string>): ChaosAction {
  switch (type) {
    case 'reply':
      return { Type: type, Code: Number(f.code), ...(f.text ? { Text: f.text } : {}), ...(f.disconnect === 'yes' ? { Disconnect: true } : {}) };
    case 'delay':
      return { Type: type, Ms: Number(f.ms) };
    case 'throttle':
      return { Type: type, BytesPerSecond: Number(f.bytes) };
    case 'rate-limit':
      return { Type: type, PerMinute: Number(f.perMinute) };
    case 'drop':
      return { Type: type };
  }
}

function RuleForm({ onAdd }: { onAdd(rule: NewChaosRule): void }) {
  const [stage, setStage] = useState<NewChaosRule['Stage']>('rcpt');
  const [type, setType] = useState<ChaosAction['Type']>('reply');
  const [f, setF] = useState<Record<string, string>>({ code: '550', ms: '1000', bytes: '1024', perMinute: '10', probability: '1' });
  const field = (name: string, label: string, props: { type?: string; placeholder?: string; step?: string } = {}) => (
    <label>
      {label} <input aria-label={label} {...props} value={f[name] ?? ''} onChange={(e) => setF({ ...f, [name]: e.target.value })} />
    </label>
  );
  const submit = () => {
    const match = Object.fromEntries(
      (['Sender', 'Recipient', 'User', 'Inbox'] as const).map((k) => [k, f[k]?.trim() ?? '']).filter(([, v]) => v),
    );
    const rule: NewChaosRule = { Stage: stage, Match: match, Action: buildAction(type, f), Probability: Number(f.probability || '1'), Times: f.times ? Number(f.times) : null };
    if (f.description) rule.Description = f.description;
    if (type === 'rate-limit') {
      // Rate limits count every match: no chance or times.
      delete (rule as Partial<NewChaosRule>).Probability;
      delete (rule as Partial<NewChaosRule>).Times;
    }
    onAdd(rule);
  };
  return (
    <form
      className="chaos-form"
      aria-label="Add a rule"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>Add a rule</h3>
      <div className="form-row">
        <label>
          Stage{' '}
          <select aria-label="Stage" value={stage} onChange={(e) => setStage(e.target.value as NewChaosRule['Stage'])}>
            {CHAOS_STAGES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {field('Sender', 'Sender', { placeholder: '*@app.test or /regex/' })}
        {field('Recipient', 'Recipient', { placeholder: '*@example.test' })}
        {field('User', 'AUTH user')}
        {field('Inbox', 'Inbox')}
      </div>
      <div className="form-row">
        <label>
          Action{' '}
          <select aria-label="Action" value={type} onChange={(e) => setType(e.target.value as ChaosAction['Type'])}>
            {(['reply', 'delay', 'drop', 'throttle', 'rate-limit'] as const).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        {type === 'reply' && (
          <>
            {field('code', 'Code', { type: 'number' })}
            {field('text', 'Text', { placeholder: 'Mailbox unavailable' })}
          </>
        )}
        {type === 'delay' && field('ms', 'Delay (ms)', { type: 'number' })}
        {type === 'throttle' && field('bytes', 'Bytes per second', { type: 'number' })}
        {type === 'rate-limit' && field('perMinute', 'Per minute', { type: 'number' })}
      </div>
      <div className="form-row">
        {type !== 'rate-limit' && field('probability', 'Probability (0–1)', { type: 'number', step: 'any' })}
        {type !== 'rate-limit' && field('times', 'Times (empty: always)', { type: 'number' })}
        {field('description', 'Description')}
        <button type="submit">Add rule</button>
      </div>
    </form>
  );
}
