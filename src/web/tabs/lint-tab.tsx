import { checks, type LintFinding } from '../api/checks';
import { CheckBody, useLoad } from './check-state';

const SEVERITIES = ['error', 'warning', 'info'] as const;

function where(f: LintFinding): string {
  const l = f.location;
  if (!l?.part) return '';
  return [l.part, l.name, l.line ? `line ${l.line}` : ''].filter(Boolean).join(' · ');
}

/** Lint findings grouped by severity, each with its rule code and location. */
export function LintTab({ id, onShowLines }: { id: string; onShowLines(lines: number[]): void }) {
  const [load] = useLoad(() => checks.lint(id), id);
  return (
    <div className="check lint-check">
      <CheckBody load={load} what="lint">
        {(result) => (
          <>
            <div className="check-summary">
              <strong>
                {result.counts.error} error{result.counts.error === 1 ? '' : 's'}, {result.counts.warning} warning
                {result.counts.warning === 1 ? '' : 's'}, {result.counts.info} note{result.counts.info === 1 ? '' : 's'}
              </strong>
            </div>
            {result.findings.length === 0 && <p className="empty">Nothing to report.</p>}
            {SEVERITIES.map((severity) => {
              const found = result.findings.filter((f) => f.severity === severity);
              if (found.length === 0) return null;
              return (
                <section key={severity} className={`lint-group ${severity}`}>
                  <h3>{severity === 'error' ? 'Errors' : severity === 'warning' ? 'Warnings' : 'Notes'}</h3>
                  <ul className="check-list">
                    {found.map((f, i) => (
                      <li key={i} className={`finding ${severity}`}>
                        <code>{f.code}</code> {f.message}
                        {where(f) && (
                          <div className="muted">
                            {f.location?.part === 'html' && f.location.line ? (
                              <button className="link" onClick={() => onShowLines([f.location!.line!])}>
                                {where(f)}
                              </button>
                            ) : (
                              where(f)
                            )}
                          </div>
                        )}
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })}
          </>
        )}
      </CheckBody>
    </div>
  );
}
