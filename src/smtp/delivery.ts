import type { Envelope } from '../core/types.js';
import type { BdatChunk } from './bdat.js';
import type { Transaction } from './context.js';
import type { MessageBuffer } from './message-buffer.js';
import { queuedReply, R, reply } from './replies.js';
import type { Session } from './session.js';
import type { SmtpReply } from './types.js';

/** The Envelope of a transaction, as hooks and the handler get it. */
export function envelopeOf(s: Session, tx: Transaction): Envelope {
  return {
    mailFrom: tx.mailFrom,
    rcptTo: tx.rcptTo.slice(),
    heloName: s.info.heloName ?? undefined,
    clientAddress: s.info.remoteAddress,
    tls: s.info.tls,
    authUser: s.info.authUser,
    smtpUtf8: tx.smtpUtf8,
    sessionId: s.info.id,
  };
}

/**
 * Hands a finished message to the handler and answers: 250 with its id only once the handler
 * says it is stored, 552 when it was over the limit (and so never kept), the handler's reply,
 * or the translation of its error. The transaction ends here whatever the outcome
 * (RFC 5321 §4.1.1.4).
 */
export async function deliverMessage(s: Session, body: MessageBuffer): Promise<void> {
  const tx = s.tx!;
  s.resetTransaction();
  const raw = body.toBuffer();
  s.transcript?.event(`message data: ${body.size} bytes`);
  if (raw === null) {
    s.log.info({ tx: tx.logId, size: body.size }, 'message too big');
    return s.send(R.messageTooBig);
  }
  let result: { id: string } | SmtpReply;
  try {
    result = await s.track(() => s.ctx.handler.onData(s.info, envelopeOf(s, tx), raw));
  } catch (err) {
    result = s.hookError(err, 'onData');
  }
  if ('id' in result) {
    s.info.transactionCount++;
    s.transcript?.accepted(result.id);
    s.log.debug({ tx: tx.logId, id: result.id, size: raw.length, rcpts: tx.rcptTo.length }, 'message accepted');
    s.send(queuedReply(result.id));
  } else {
    s.send(result);
  }
}

/** Answers a BDAT chunk once its octets are read (RFC 3030 §2), delivering after LAST. */
export function finishBdatChunk(s: Session, chunk: BdatChunk): void | Promise<void> {
  if (chunk.fail) return s.send(chunk.fail);
  const body = s.tx!.bdat!;
  if (body.overflow) {
    // RFC 3030 §2: the chunk that passes the limit gets 552 and the transaction is over.
    s.log.info({ tx: s.tx!.logId, size: body.size }, 'message too big');
    s.resetTransaction();
    return s.send(R.messageTooBig);
  }
  if (!chunk.last) return s.send(reply(250, '2.0.0', `${chunk.size} octets received`));
  return deliverMessage(s, body);
}
