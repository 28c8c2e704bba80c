export { createIngest, DEFAULT_INBOX, type CaptureInput, type Ingest, type IngestDeps } from './capture.js';
export { deriveTags, cleanTag, plusTag } from './tags.js';
export { startStatsAnnouncer } from './stats-announcer.js';
