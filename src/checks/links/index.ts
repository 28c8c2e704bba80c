export { extractLinks } from './extract-links.js';
export { LinkChecker, type LinkCheckerOptions } from './link-checker.js';
export type { LinkCheckResponse, LinkResult } from './link-check-types.js';
export { internalAddressReason } from './address-policy.js';
export { fetchResource, type FetchedResource, type FetchOptions } from './safe-fetch.js';
