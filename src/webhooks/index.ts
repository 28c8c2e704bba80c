/** Webhooks: a signed JSON post per new message, retried in order per hook, with a delivery log. */
export { startWebhooks, FLAG_HOOK_ID, type WebhookService, type WebhookInput, type WebhookPayload } from './webhook-service.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';
