/**
 * The photo rules of 我要提需求 as the server applies them (at most 6, JPG or PNG, each at most 8 MB), checked on the
 * phone before anything is sent.
 */
export const MAX_PHOTOS = 6;
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
const TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png']);

export interface PhotoLike {
  readonly name: string;
  readonly type: string;
  readonly size: number;
}

/** The first problem with a set of photos, in plain words, or null. */
export function photoProblem(photos: readonly PhotoLike[]): string | null {
  if (photos.length > MAX_PHOTOS) return `最多上传${MAX_PHOTOS}张照片，请删掉${photos.length - MAX_PHOTOS}张`;
  const i = photos.findIndex((p) => !TYPES.has(p.type));
  if (i !== -1) return `第${i + 1}张不是 JPG 或 PNG 照片，请删掉后重新选择`;
  const j = photos.findIndex((p) => p.size > MAX_PHOTO_BYTES);
  if (j !== -1) return `第${j + 1}张照片太大（超过 8 MB），请删掉后换一张`;
  return null;
}

/** Keeps what was picked (problems are shown, not dropped silently), but never more than a few beyond the limit. */
export function checkPhotos<T extends PhotoLike>(photos: readonly T[]): T[] {
  return photos.slice(0, MAX_PHOTOS + 3);
}
