import { checks, type Verdict } from '../api/checks';
import { CheckBody, useLoad } from './check-state';

/** How a verdict reads; temperror is "cannot verify" (DNS unreachable), not a failure. */
function label(v: Verdict): string {
  return v.Result === 'temperror' ? 'cannot verify' : v.Result || 'none';
}

function Row({ name, verdict, detail }: { name: string; verdict: Verdict; detail: string }) {
  return (
    <tr className={`verdict verdict-${verdict.Result}`}>
      <th scope="row">{name}</th>
      <td>
        <strong className="verdict-result">{label(verdict)}</strong>
      </td>
      <td>
        {detail && <div>{detail}</div>}
        {verdict.Comment && <div className="muted">{verdict.Comment}</div>}
      </td>
    </tr>
  );
}

/** DKIM, SPF, DMARC and ARC verdicts, and the Authentication-Results they make. */
export function AuthTab({ id }: { id: string }) {
  const [load] = useLoad(() => checks.auth(id), id);
  return (
    <div className="check auth-check">
      <CheckBody load={load} what="authentication check">
        {(r) => (
          <>
            {r.CannotVerify && (
              <p className="check-unavailable down" role="status">
                Some lookups could not be made (DNS unreachable): those results read “cannot verify”.
              </p>
            )}
            <table className="check-table">
              <tbody>
                {r.DKIM.length === 0 && <Row name="DKIM" verdict={{ Result: 'none', Comment: 'No DKIM signature.' }} detail="" />}
                {r.DKIM.map((d, i) => (
                  <Row
                    key={i}
                    name="DKIM"
                    verdict={d}
                    detail={`${d.Domain}${d.Selector ? ` (selector ${d.Selector})` : ''}${d.Aligned ? ', aligned' : ''}`}
                  />
                ))}
                <Row name="SPF" verdict={r.SPF} detail={[r.SPF.Domain, r.SPF.ClientIP].filter(Boolean).join(' from ')} />
                <Row name="DMARC" verdict={r.DMARC} detail={[r.DMARC.Domain, r.DMARC.Policy && `policy ${r.DMARC.Policy}`].filter(Boolean).join(', ')} />
                <Row name="ARC" verdict={r.ARC} detail="" />
              </tbody>
            </table>
            {r.AuthenticationResults && <pre className="text-body">{r.AuthenticationResults}</pre>}
          </>
        )}
      </CheckBody>
    </div>
  );
}
