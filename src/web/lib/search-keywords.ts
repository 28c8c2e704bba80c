/**
 * The search language's keywords, for completion and the help popover. The server parses
 * the search; this list only helps people find what they can type.
 */
export interface SearchKeyword {
  /** What is inserted, e.g. `from:` or `is:unread`. */
  keyword: string;
  /** One line of help. */
  help: string;
  /** An example query. */
  example: string;
}

/** Every keyword the server understands (see api-compat: search language). */
export const SEARCH_KEYWORDS: readonly SearchKeyword[] = [
  { keyword: 'from:', help: 'Sender address or name', example: 'from:alerts@example.com' },
  { keyword: 'to:', help: 'Recipient in To', example: 'to:qa@example.com' },
  { keyword: 'cc:', help: 'Recipient in Cc', example: 'cc:boss' },
  { keyword: 'bcc:', help: 'Recipient in Bcc (envelope-only recipients too)', example: 'bcc:audit' },
  { keyword: 'reply-to:', help: 'Reply-To address', example: 'reply-to:support' },
  { keyword: 'addressed:', help: 'Any of From, To, Cc, Bcc, Reply-To', example: 'addressed:alice' },
  { keyword: 'subject:', help: 'Words in the subject', example: 'subject:"password reset"' },
  { keyword: 'message-id:', help: 'The Message-ID header', example: 'message-id:abc@host' },
  { keyword: 'tag:', help: 'Messages with a tag', example: 'tag:signup' },
  { keyword: 'is:read', help: 'Read messages', example: 'is:read' },
  { keyword: 'is:unread', help: 'Unread messages', example: 'is:unread' },
  { keyword: 'is:tagged', help: 'Messages with any tag', example: 'is:tagged' },
  { keyword: 'has:attachment', help: 'Messages with attachments', example: 'has:attachment' },
  { keyword: 'has:inline', help: 'Messages with inline (cid:) parts', example: 'has:inline' },
  { keyword: 'after:', help: 'Received on or after a date', example: 'after:2024-05-01' },
  { keyword: 'before:', help: 'Received before a date', example: 'before:2024-05-02' },
  { keyword: 'larger:', help: 'Bigger than a size (K, M)', example: 'larger:100K' },
  { keyword: 'smaller:', help: 'Smaller than a size (K, M)', example: 'smaller:2M' },
];

/** The word being typed at `caret`: its start and its text (with a leading `-`/`!` split off). */
export function wordAt(query: string, caret: number): { start: number; end: number; prefix: string; word: string } {
  let start = caret;
  while (start > 0 && !/\s/.test(query[start - 1])) start--;
  let end = caret;
  while (end < query.length && !/\s/.test(query[end])) end++;
  const word = query.slice(start, caret);
  const negation = /^[-!]/.exec(word)?.[0] ?? '';
  return { start: start + negation.length, end, prefix: negation, word: word.slice(negation.length) };
}

/**
 * Keywords that complete the word at `caret` (case-insensitive prefix), plus `tag:NAME` for the
 * tags in use once `tag:` is typed. Nothing for an empty word or a word already complete.
 */
export function completeKeyword(query: string, caret: number, tags: readonly string[] = []): string[] {
  const { word } = wordAt(query, caret);
  if (word === '') return [];
  const lower = word.toLowerCase();
  if (lower.startsWith('tag:')) {
    const name = lower.slice(4);
    return tags
      .filter((t) => t.toLowerCase().startsWith(name))
      .map((t) => `tag:${/[\s"]/.test(t) ? `"${t.replace(/"/g, '')}"` : t}`)
      .filter((t) => t.toLowerCase() !== lower);
  }
  return SEARCH_KEYWORDS.map((k) => k.keyword).filter((k) => k.startsWith(lower) && k !== lower);
}

/** `query` with the word at `caret` replaced by `completion`; returns the text and the new caret. */
export function applyCompletion(query: string, caret: number, completion: string): { text: string; caret: number } {
  const { start, end } = wordAt(query, caret);
  const after = query.slice(end);
  // A field keyword waits for its value; a whole term gets a space unless one follows already.
  const spacer = completion.endsWith(':') || /^\s/.test(after) ? '' : ' ';
  const text = query.slice(0, start) + completion + spacer + after;
  return { text, caret: start + completion.length + spacer.length };
}
