import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { Headers } from '../api/types';

/** Every header in a table, filterable by name or value; repeated headers keep each value. */
export function HeadersTab({ id }: { id: string }) {
  const [headers, setHeaders] = useState<Headers | null>(null);
  const [error, setError] = useState('');
  const [filter, setFilter] = useState('');
  useEffect(() => {
    setHeaders(null);
    api.headers(id).then(setHeaders, (err: Error) => setError(err.message));
  }, [id]);
  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return Object.entries(headers ?? {})
      .flatMap(([name, values]) => values.map((value, i) => ({ name, value, key: `${name}#${i}` })))
      .filter((r) => !needle || r.name.toLowerCase().includes(needle) || r.value.toLowerCase().includes(needle));
  }, [headers, filter]);
  if (error) return <p className="error">{error}</p>;
  if (!headers) return <p className="loading">Loading headers…</p>;
  return (
    <div className="headers-tab">
      <div className="tab-toolbar">
        <input type="search" placeholder="Filter headers" aria-label="Filter headers" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span className="muted">{rows.length} shown</span>
      </div>
      <table className="headers-table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              <td>{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
