import { forwardRef, useEffect, useState, type KeyboardEvent } from 'react';
import { applyCompletion, completeKeyword, SEARCH_KEYWORDS } from '../lib/search-keywords';

interface SearchBoxProps {
  /** The search shown in the list ('' for none). */
  value: string;
  tags: readonly string[];
  onSearch(query: string): void;
}

/** The search input: keyword completion as you type, and a help popover listing the language. */
export const SearchBox = forwardRef<HTMLInputElement, SearchBoxProps>(function SearchBox({ value, tags, onSearch }, ref) {
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(0);
  const [choices, setChoices] = useState<string[]>([]);
  const [pick, setPick] = useState(0);
  const [help, setHelp] = useState(false);
  useEffect(() => setText(value), [value]);

  const update = (next: string, at: number) => {
    setText(next);
    setCaret(at);
    setChoices(completeKeyword(next, at, tags));
    setPick(0);
  };
  const complete = (choice: string) => {
    const done = applyCompletion(text, caret, choice);
    update(done.text, done.caret);
    const input = typeof ref === 'object' ? ref?.current : null;
    requestAnimationFrame(() => input?.setSelectionRange(done.caret, done.caret));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (choices.length && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      setPick((p) => (p + (e.key === 'ArrowDown' ? 1 : choices.length - 1)) % choices.length);
    } else if (choices.length && (e.key === 'Tab' || (e.key === 'Enter' && pick >= 0 && choices[pick]))) {
      e.preventDefault();
      complete(choices[pick]);
    } else if (e.key === 'Enter') {
      setChoices([]);
      onSearch(text.trim());
    } else if (e.key === 'Escape') {
      setChoices([]);
      setHelp(false);
      e.currentTarget.blur();
    }
  };

  return (
    <div className="search">
      <input
        ref={ref}
        type="search"
        aria-label="Search"
        placeholder="Search — from: to: subject: is:unread has:attachment tag: …"
        value={text}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => update(e.target.value, e.target.selectionStart ?? e.target.value.length)}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setChoices([]), 150)}
      />
      {text && (
        <button className="icon" title="Clear search" aria-label="Clear search" onClick={() => (update('', 0), onSearch(''))}>
          ✕
        </button>
      )}
      <button className="icon" title="Search help" aria-label="Search help" aria-expanded={help} onClick={() => setHelp(!help)}>
        ?
      </button>
      {choices.length > 0 && (
        <ul className="completions" role="listbox" aria-label="Search keywords">
          {choices.map((choice, i) => (
            <li
              key={choice}
              role="option"
              aria-selected={i === pick}
              className={i === pick ? 'picked' : ''}
              onMouseDown={(e) => (e.preventDefault(), complete(choice))}
            >
              {choice}
              <small>{SEARCH_KEYWORDS.find((k) => k.keyword === choice)?.help ?? 'tag'}</small>
            </li>
          ))}
        </ul>
      )}
      {help && (
        <div className="popover search-help" role="dialog" aria-label="Search language">
          <p>
            Words match addresses, subject, body and file names; <code>"quoted phrases"</code> match exactly; <code>-</code> or{' '}
            <code>!</code> negates a term; all terms must match.
          </p>
          <table>
            <tbody>
              {SEARCH_KEYWORDS.map((k) => (
                <tr key={k.keyword}>
                  <td>
                    <button className="link" onClick={() => (update(`${text ? `${text.trimEnd()} ` : ''}${k.example}`, 0), setHelp(false))}>
                      {k.keyword}
                    </button>
                  </td>
                  <td>{k.help}</td>
                  <td>
                    <code>{k.example}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
});
