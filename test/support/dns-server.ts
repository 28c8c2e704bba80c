import { createSocket, type Socket } from 'node:dgram';

/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) for tests: answers TXT and A queries
 * from a table, NXDOMAIN for names it does not know (RFC 1035 §4.1 message format). Enough
 * for DKIM keys, SPF and DMARC records; it does not recurse, compress beyond the question, or
 * speak TCP.
 */
export interface TestDnsServer {
  /** `127.0.0.1:PORT`, as `--dns-server` takes it. */
  address: string;
  /** Queries answered so far, as `name TYPE`. */
  queries: string[];
  close(): Promise<void>;
}

/** Records by lower-case name: TXT values (joined strings) and A addresses. */
export interface DnsRecords {
  [name: string]: { TXT?: string[]; A?: string[] };
}

const TYPE_A = 1;
const TYPE_TXT = 16;

export async function startTestDnsServer(records: DnsRecords): Promise<TestDnsServer> {
  const socket: Socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (query, peer) => {
    const answer = answerQuery(query, records, queries);
    if (answer) socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answerQuery(query: Buffer, records: DnsRecords, log: string[]): Buffer | null {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return null;
  // The question: labels up to a zero byte, then QTYPE and QCLASS.
  const labels: string[] = [];
  let at = 12;
  while (at < query.length && query[at] !== 0) {
    const len = query[at];
    labels.push(query.subarray(at + 1, at + 1 + len).toString('latin1'));
    at += 1 + len;
  }
  const questionEnd = at + 5;
  if (questionEnd > query.length) return null;
  const type = query.readUInt16BE(at + 1);
  const name = labels.join('.').toLowerCase();
  log.push(`${name} ${type === TYPE_TXT ? 'TXT' : type === TYPE_A ? 'A' : type}`);
  const entry = records[name];
  const rdatas: Buffer[] =
    type === TYPE_TXT ? (entry?.TXT ?? []).map(txtData) : type === TYPE_A ? (entry?.A ?? []).map(aData) : [];
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // the query's ID
  // QR=1, opcode 0, AA=1, RD copied, RA=1; RCODE 3 (NXDOMAIN) when the name is unknown.
  const rd = query[2] & 0x01;
  header[2] = 0x84 | rd;
  header[3] = 0x80 | (entry ? 0 : 3);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdatas.length, 6);
  const question = query.subarray(12, questionEnd);
  const answers = rdatas.map((rdata) => {
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the name in the question
    rr.writeUInt16BE(type, 2);
    rr.writeUInt16BE(1, 4); // class IN
    rr.writeUInt32BE(60, 6); // TTL
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, question, ...answers]);
}

/** TXT RDATA: the value cut into length-prefixed strings of at most 255 bytes. */
function txtData(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const piece = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([piece.length]), piece);
  }
  return Buffer.concat(parts);
}

function aData(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}
