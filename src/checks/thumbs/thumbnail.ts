import type { Sharp, SharpOptions } from 'sharp';

/** Mailpit's thumbnail size: what its attachment list shows. */
export const THUMB_WIDTH = 180;
export const THUMB_HEIGHT = 120;

/** JPEG quality, as Mailpit's. */
const JPEG_QUALITY = 70;

/**
 * Pixels an image may claim before it is not decoded: a small file can declare a huge canvas
 * (a decompression bomb). 40 megapixels is past any photo a mail carries.
 */
const MAX_INPUT_PIXELS = 40_000_000;

const WHITE = { r: 255, g: 255, b: 255, alpha: 1 };

type SharpFactory = (input?: Buffer | SharpOptions, options?: SharpOptions) => Sharp;
let loading: Promise<SharpFactory> | null = null;

/** sharp, loaded on first use (libvips costs ~25 MB at import; most runs never make a thumbnail). */
function loadSharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then((m) => m.default as SharpFactory);
  return loading;
}

/**
 * A 180×120 JPEG of an attachment, as Mailpit makes it: an image at least that large is
 * scaled and cropped to fill the frame from its centre; a smaller one is kept whole (scaled
 * down to fit if it is wider or taller) and centred on white; transparency becomes white.
 * Anything that is not an image, or does not decode, gets a blank white thumbnail.
 */
export async function makeThumbnail(content: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.toLowerCase().startsWith('image/')) return blankThumbnail();
  const sharp = await loadSharp();
  try {
    const image = sharp(content, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    const { width = 0, height = 0 } = await image.metadata();
    const large = width >= THUMB_WIDTH && height >= THUMB_HEIGHT;
    const scaled = await image
      .resize(THUMB_WIDTH, THUMB_HEIGHT, { fit: large ? 'cover' : 'inside', position: 'centre', withoutEnlargement: !large })
      .flatten({ background: WHITE })
      .png()
      .toBuffer();
    return await sharp({ create: { width: THUMB_WIDTH, height: THUMB_HEIGHT, channels: 3, background: WHITE } })
      .composite([{ input: scaled, gravity: 'centre' }])
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer();
  } catch {
    return blankThumbnail();
  }
}

let blank: Promise<Buffer> | null = null;

/** The white 180×120 JPEG for parts that are not (decodable) images. */
export function blankThumbnail(): Promise<Buffer> {
  blank ??= loadSharp().then((sharp) =>
    sharp({ create: { width: THUMB_WIDTH, height: THUMB_HEIGHT, channels: 3, background: WHITE } })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer(),
  );
  return blank;
}
