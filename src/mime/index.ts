export { readHeaders, readHeaderFields, findBodyStart, type HeaderField } from './header-block.js';
export { readListFields, parseAddressList, safeDecodeWords } from './header-fields.js';
export { normaliseMessage, type ArrivalFacts, type NormalisedMessage } from './normalise.js';
export { formatRfc5322Date } from './date-format.js';
export { parseMessage, parseWithParts, getPart, type PartContent } from './parse-message.js';
export { indexMessage } from './index-fields.js';
export { makeSnippet, htmlToPlainText } from './snippet.js';
export { toCrlf } from './line-endings.js';
export { createIndexerPool, type IndexerPool } from './index-pool.js';
