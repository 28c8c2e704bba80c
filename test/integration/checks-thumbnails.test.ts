import { MailpitClient } from 'mailpit-api';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, sendRaw } from '../support/send-eml.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * GET /api/v1/message/{ID}/part/{PartID}/thumb — Mailpit's 180×120 JPEG: large images cropped
 * to fill from the centre, small ones padded on white, anything else a blank white image.
 * test/fixtures/png-attachment.eml holds a 400×300 PNG (red left, blue right, a green band
 * across the middle), a 60×40 logo (a black square on transparency), a PDF and a "PNG" that
 * is not one.
 */

let server: TestServer;
let id: string;
let partIds: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer();
  id = await sendRaw(server, fixture('png-attachment.eml'), { from: 'photos@shop.test', to: ['alice@example.test'] });
  const message = (await (await fetch(server.api(`/api/v1/message/${id}`))).json()) as {
    Attachments: Array<{ PartID: string; FileName: string }>;
    Inline: Array<{ PartID: string; FileName: string }>;
  };
  partIds = Object.fromEntries([...message.Attachments, ...message.Inline].map((p) => [p.FileName, p.PartID]));
});
afterAll(() => server.close());

async function thumb(partId: string): Promise<{ res: Response; pixels: { at(x: number, y: number): number[] }; width: number; height: number; format: string }> {
  const res = await fetch(server.api(`/api/v1/message/${id}/part/${partId}/thumb`));
  const bytes = Buffer.from(await res.arrayBuffer());
  const image = sharp(bytes);
  const { width = 0, height = 0, format = '' } = await image.metadata();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return {
    res,
    width,
    height,
    format,
    pixels: { at: (x, y) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)] },
  };
}

/** Within JPEG's error of an expected colour. */
function near(actual: number[], expected: number[]): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]) <= 40);
}

describe('part thumbnails', () => {
  it('crops a large image to 180×120 from its centre', async () => {
    const { res, width, height, format, pixels } = await thumb(partIds['beach.png']);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="beach.png"');
    expect([width, height, format]).toEqual([180, 120, 'jpeg']);
    expect(near(pixels.at(30, 15), [220, 30, 30])).toBe(true); // red, top left
    expect(near(pixels.at(150, 15), [30, 30, 220])).toBe(true); // blue, top right
    expect(near(pixels.at(30, 60), [30, 200, 30])).toBe(true); // the green band, centred
  });

  it('pads a smaller image on white without enlarging it, transparency turned white', async () => {
    const { width, height, pixels } = await thumb(partIds['logo.png']);
    expect([width, height]).toEqual([180, 120]);
    expect(near(pixels.at(90, 60), [0, 0, 0])).toBe(true); // the logo's black square, centred
    expect(near(pixels.at(65, 45), [255, 255, 255])).toBe(true); // its transparent edge
    expect(near(pixels.at(5, 5), [255, 255, 255])).toBe(true); // the padding
  });

  it('answers a blank white thumbnail for a part that is not an image, and for one that does not decode', async () => {
    for (const name of ['receipt.pdf', 'broken.png']) {
      const { res, width, height, pixels } = await thumb(partIds[name]);
      expect(res.status).toBe(200);
      expect([width, height]).toEqual([180, 120]);
      for (const [x, y] of [[0, 0], [90, 60], [179, 119]]) expect(near(pixels.at(x, y), [255, 255, 255])).toBe(true);
    }
  });

  it('answers 404 for a part the message does not have', async () => {
    const res = await fetch(server.api(`/api/v1/message/${id}/part/99/thumb`));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ Error: 'part not found' });
  });

  it('serves the mailpit-api client', async () => {
    const blob = await new MailpitClient(server.urls.http).getAttachmentThumbnail(id, partIds['beach.png']);
    expect(blob.type).toBe('image/jpeg');
    const { width, height } = await sharp(Buffer.from(await blob.arrayBuffer())).metadata();
    expect([width, height]).toEqual([180, 120]);
  });

  it('are documented in the OpenAPI document with the other engine-backed checks', async () => {
    const doc = (await (await fetch(server.api('/api/v1/openapi.json'))).json()) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    };
    const statuses = (path: string) => Object.keys(doc.paths[path]?.get?.responses ?? {});
    expect(statuses('/api/v1/message/{ID}/part/{PartID}/thumb')).toEqual(['200', '400', '404']);
    expect(statuses('/api/v1/message/{ID}/sa-check')).toEqual(['200', '400', '404', '502', '503', '504']);
    expect(statuses('/api/v1/message/{ID}/rspamd-check')).toEqual(['200', '400', '404', '502', '503', '504']);
    expect(statuses('/api/v1/message/{ID}/auth-check')).toEqual(['200', '400', '404']);
    expect(statuses('/api/v1/message/{ID}/screenshot')).toEqual(['200', '400', '404', '501', '502', '503', '504']);
  });
});
