import { parentPort, workerData } from 'node:worker_threads';
import { generate } from 'selfsigned';
import type { SelfSignedRequest } from './self-signed.js';

/**
 * Makes one self-signed certificate and ends (see self-signed.ts). An EC P-256 key rather than
 * RSA: milliseconds instead of a noticeable pause at start, and every client we test with
 * (OpenSSL, Python, Node, swaks, curl) accepts it.
 */
const { commonName, altNames } = workerData as SelfSignedRequest;
const pems = await generate([{ name: 'commonName', value: commonName }], {
  keyType: 'ec',
  curve: 'P-256',
  algorithm: 'sha256',
  extensions: [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ],
});
parentPort!.postMessage({ cert: pems.cert, key: pems.private });
