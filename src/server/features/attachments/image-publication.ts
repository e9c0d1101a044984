/**
 * An uploaded photo made fit to publish on the portal or to print in a document: turned upright by its EXIF
 * orientation (phones store photos sideways and say so in EXIF), scaled down to fit a box, and re-encoded in its own
 * type without any of its metadata — EXIF with the phone's GPS position and model, XMP, comments — so that nothing
 * but the picture leaves (R0.8). With sharp (libvips), which drops metadata unless told to keep it; loaded with the
 * first photo (about 28 MB of memory that a server publishing no photo does not hold, docs/performance.md).
 */

/** Refuses pictures larger than this many pixels before decoding them (a decompression bomb). */
const MAX_INPUT_PIXELS = 50_000_000;

export async function publishableImage(bytes: Buffer, mime: 'image/jpeg' | 'image/png', maxEdge: number): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true });
  return (mime === 'image/png' ? image.png({ compressionLevel: 9 }) : image.jpeg({ quality: 82 })).toBuffer();
}
