import type { ApiContext } from '../context.js';

/**
 * GET /api/v1/info — version, database, totals, per-tag counts and runtime counters, in
 * Mailpit's `AppInformation` shape. devmail does not phone home, so `LatestVersion` is ''.
 */
export async function getInfo(ctx: ApiContext) {
  const [stats, tagNames] = await Promise.all([ctx.store.stats(), ctx.store.listTags()]);
  const counts = await Promise.all(
    tagNames.map(async (tag) => {
      const result = await ctx.store.list({ search: `tag:"${tag}"`, limit: 1 });
      return [tag, result.matching] as const;
    }),
  );
  const smtp = ctx.smtpInfo?.counters?.() ?? {};
  return {
    Version: ctx.version,
    LatestVersion: '',
    Database: ctx.store.info.location,
    DatabaseSize: ctx.store.info.sizeBytes ?? 0,
    Messages: stats.total,
    Unread: stats.unread,
    Tags: Object.fromEntries(counts),
    RuntimeStats: {
      Memory: process.memoryUsage().rss,
      Uptime: Math.floor((Date.now() - ctx.runtime.startedAtMs) / 1000),
      MessagesDeleted: ctx.runtime.messagesDeleted,
      SMTPAccepted: ctx.runtime.messagesAccepted,
      SMTPAcceptedSize: ctx.runtime.messagesAcceptedBytes,
      SMTPRejected: smtp.rejected ?? 0,
      SMTPIgnored: smtp.ignored ?? 0,
    },
  };
}

/** GET /api/v1/webui — what the UI needs to know: the label, release, SpamAssassin, chaos. */
export async function getWebUiConfig(ctx: ApiContext) {
  return {
    Label: ctx.config.label,
    MessageRelay: webUiRelay(ctx),
    SpamAssassin: ctx.engineChecks.enabled.spamAssassin,
    ChaosEnabled: ctx.chaos?.mailpitEnabled ?? false,
    DuplicatesIgnored: false,
    HideDeleteAllButton: false,
  };
}

/** Mailpit's `MessageRelay` block: whether release is on and to which server (never credentials). */
function webUiRelay(ctx: ApiContext) {
  const relay = ctx.relay?.config;
  const server = relay?.server;
  return {
    Enabled: Boolean(server),
    SMTPServer: server ? `${server.host}:${server.port}` : '',
    ReturnPath: relay?.returnPath ?? '',
    AllowedRecipients: relay?.allowedRecipients?.source ?? '',
    BlockedRecipients: relay?.blockedRecipients?.source ?? '',
    OverrideFrom: relay?.overrideFrom ?? '',
    PreserveMessageIDs: relay?.preserveMessageIds ?? false,
    RecipientAllowlist: relay?.allowedRecipients?.source ?? '',
  };
}
