import type { MessageSummary } from '../../../core/types.js';
import type { Store } from '../../../store/store.js';

/**
 * Inbucket's mailboxes: one per recipient local part (its default `local` naming), lowercased,
 * with a `+extension` dropped — `Alice+news@example.test` is delivered to `alice`. A message
 * with several recipients is in each of their mailboxes, under one devmail ID.
 */

/** The mailbox an address (or a mailbox name written as an address) belongs to. */
export function mailboxOf(address: string): string {
  const at = address.lastIndexOf('@');
  const local = (at < 0 ? address : address.slice(0, at)).toLowerCase();
  const plus = local.indexOf('+');
  return plus < 0 ? local : local.slice(0, plus);
}

/** Whether any recipient (To, Cc, Bcc — envelope-only recipients are in Bcc) is in `mailbox`. */
export function isInMailbox(summary: MessageSummary, mailbox: string): boolean {
  return [...summary.to, ...summary.cc, ...summary.bcc].some((a) => mailboxOf(a.address) === mailbox);
}

/**
 * The messages of a mailbox, oldest first (Inbucket's order). The search narrows to messages
 * naming the local part's words anywhere in their addresses; the exact rule is applied after.
 */
export async function listMailbox(store: Store, mailbox: string): Promise<MessageSummary[]> {
  const words = mailbox.replace(/"/g, ' ').trim();
  const search = /[\p{L}\p{N}]/u.test(words) ? `addressed:"${words}"` : undefined;
  const { messages } = await store.list({ search, limit: 0 });
  return messages.filter((m) => isInMailbox(m, mailbox)).reverse();
}
