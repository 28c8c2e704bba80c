import { isIP } from 'node:net';
import { startWorker } from '../core/start-worker.js';

/** What the certificate thread is given. */
export interface SelfSignedRequest {
  commonName: string;
  altNames: Array<{ type: 2; value: string } | { type: 7; ip: string }>;
}

/**
 * A self-signed certificate and key (PEM) for `commonName`, covering `names` (host names and IP
 * addresses). Made in a short-lived thread: the X.509 library and its ASN.1 schemas are ~3 MB of
 * heap that the server would otherwise keep for its whole life after using them once. A process
 * makes one per set of names: a program that starts several servers (tests) shares it.
 */
export function generateSelfSigned(commonName: string, names: string[]): Promise<{ cert: string; key: string }> {
  const key = JSON.stringify([commonName, names]);
  let made = generated.get(key);
  if (!made) {
    made = generateInThread(commonName, names);
    generated.set(key, made);
    made.catch(() => generated.delete(key));
  }
  return made;
}

const generated = new Map<string, Promise<{ cert: string; key: string }>>();

function generateInThread(commonName: string, names: string[]): Promise<{ cert: string; key: string }> {
  const request: SelfSignedRequest = {
    commonName,
    altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })),
  };
  const thread = startWorker(new URL('./self-signed-worker.js', import.meta.url), { workerData: request, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  return new Promise((resolve, reject) => {
    let pems: { cert: string; key: string } | null = null;
    thread.once('message', (message: { cert: string; key: string }) => (pems = message));
    thread.once('error', reject);
    thread.once('exit', (code) => (pems ? resolve(pems) : reject(new Error(`the certificate thread exited (code ${code}) without a certificate`))));
  });
}
