import { useState } from 'react';
import { api } from '../api/client';

interface TagEditorProps {
  id: string;
  tags: string[];
  /** Tags in use, offered as suggestions. */
  known: readonly string[];
  onSaved(tags: string[]): void;
}

/** A message's tags, and a field to change them (comma-separated). */
export function TagEditor({ id, tags, known, onSaved }: TagEditorProps) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const save = () => {
    const next = [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
    api.setTags([id], next).then(
      () => {
        onSaved(next);
        setEditing(false);
        setError('');
      },
      (err: Error) => setError(err.message),
    );
  };
  if (!editing) {
    return (
      <span className="tag-list">
        {tags.length === 0 && <span className="muted">none</span>}
        {tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        <button className="link" onClick={() => (setText(tags.join(', ')), setEditing(true))}>
          Edit tags
        </button>
      </span>
    );
  }
  return (
    <span className="tag-edit">
      <input
        autoFocus
        aria-label="Tags, comma-separated"
        list="known-tags"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => (e.key === 'Enter' ? save() : e.key === 'Escape' && setEditing(false))}
      />
      <datalist id="known-tags">
        {known.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <button onClick={save}>Save</button>
      <button onClick={() => setEditing(false)}>Cancel</button>
      {error && <span className="error">{error}</span>}
    </span>
  );
}
