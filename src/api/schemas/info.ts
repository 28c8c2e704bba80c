import { errorResponses, textResponse } from './shared.js';

export const infoSchema = {
  tags: ['application'],
  summary: 'Get application information',
  response: {
    200: {
      description: 'Version, database and runtime facts',
      type: 'object',
      properties: {
        Version: { type: 'string' },
        LatestVersion: { type: 'string' },
        Database: { type: 'string' },
        DatabaseSize: { type: 'number' },
        Messages: { type: 'integer' },
        Unread: { type: 'integer' },
        Tags: { type: 'object', additionalProperties: { type: 'integer' } },
        RuntimeStats: {
          type: 'object',
          properties: {
            Memory: { type: 'number' },
            Uptime: { type: 'number' },
            MessagesDeleted: { type: 'number' },
            SMTPAccepted: { type: 'number' },
            SMTPAcceptedSize: { type: 'number' },
            SMTPRejected: { type: 'number' },
            SMTPIgnored: { type: 'number' },
          },
        },
      },
    },
    ...errorResponses(400),
  },
};

export const webUiSchema = {
  tags: ['application'],
  summary: 'Get web UI configuration',
  response: {
    200: {
      description: 'Settings the UI needs',
      type: 'object',
      properties: {
        Label: { type: 'string' },
        MessageRelay: {
          type: 'object',
          properties: {
            Enabled: { type: 'boolean' },
            SMTPServer: { type: 'string' },
            ReturnPath: { type: 'string' },
            AllowedRecipients: { type: 'string' },
            BlockedRecipients: { type: 'string' },
            OverrideFrom: { type: 'string' },
            PreserveMessageIDs: { type: 'boolean' },
            RecipientAllowlist: { type: 'string' },
          },
        },
        SpamAssassin: { type: 'boolean' },
        ChaosEnabled: { type: 'boolean' },
        DuplicatesIgnored: { type: 'boolean' },
        HideDeleteAllButton: { type: 'boolean' },
      },
    },
    ...errorResponses(400),
  },
};

export const livezSchema = {
  tags: ['probes'],
  summary: 'Liveness probe',
  response: { 200: textResponse('The process is up') },
};

export const readyzSchema = {
  tags: ['probes'],
  summary: 'Readiness probe',
  description: 'OK while the store answers; 503 otherwise or while shutting down.',
  response: { 200: textResponse('Ready'), 503: textResponse('Not ready') },
};

export const metricsSchema = {
  tags: ['probes'],
  summary: 'Prometheus metrics',
  response: { 200: textResponse('Prometheus text exposition format') },
};

export const eventsSchema = {
  tags: ['live'],
  summary: 'Live events (WebSocket)',
  description:
    'Upgrade to a WebSocket; frames are `{Type, Data}` with Type new, update, delete, prune, truncate or stats.',
};
