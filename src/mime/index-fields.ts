import type { IndexFields, IndexPart, ParsedMessage } from '../core/types.js';
import { addressesOf, parseMessage } from './parse-message.js';
import { htmlToPlainText } from './snippet.js';

/** Longest body text indexed for search; the rest of a huge message is not searchable. */
const MAX_SEARCH_TEXT_CHARS = 1_000_000;

/** What the index is made of: the parse's headers, bodies, file names, snippet and error. */
export type IndexSource = Pick<
  ParsedMessage,
  'subject' | 'from' | 'to' | 'cc' | 'bcc' | 'replyTo' | 'text' | 'html' | 'snippet' | 'parseError'
> & {
  attachments: ReadonlyArray<{ fileName: string }>;
  inline: ReadonlyArray<{ fileName: string }>;
};

/**
 * The store's deferred indexer: one full parse gives the snippet, part counts and the text
 * free-text search runs over. Never throws: a broken message indexes what could be read.
 */
export async function indexMessage(raw: Buffer): Promise<IndexFields> {
  return indexFieldsOf(await parseMessage(raw));
}

/**
 * The index fields of a parsed message (the full parse's, or the quick index's); for the `list`
 * part, without the search text (the HTML as text is most of the work).
 */
export function indexFieldsOf(parsed: IndexSource, part: IndexPart = 'all'): IndexFields {
  return {
    snippet: part === 'search' ? '' : parsed.snippet,
    attachments: parsed.attachments.length,
    inline: parsed.inline.length,
    searchText: part === 'list' ? '' : searchTextOf(parsed),
    parseError: parsed.parseError,
  };
}

/** The free text search runs over: subject, addresses, file names, the text, the HTML as text. */
function searchTextOf(parsed: IndexSource): string {
  const body = parsed.text.trim() ? parsed.text : '';
  const htmlText = parsed.html ? htmlToPlainText(parsed.html) : '';
  return [
    parsed.subject,
    ...addressesOf(parsed).map((a) => `${a.name} ${a.address}`),
    ...parsed.attachments.map((p) => p.fileName),
    ...parsed.inline.map((p) => p.fileName),
    body,
    htmlText,
  ]
    .join('\n')
    .slice(0, MAX_SEARCH_TEXT_CHARS);
}
