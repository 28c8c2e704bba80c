/** Release to a real SMTP server: the queue, the automatic rules and forwarding. */
export { startRelay, type RelayService, type RelayDeps, type RelayPayload, type RelayOrigin } from './relay-service.js';
export { checkRecipients, parseRecipient } from './recipient-policy.js';
export { prepareRelease, type ReleaseRewrite } from './prepare-release.js';
