/**
 * Files from the server saved on the user's computer: Excel exports, official documents (PDF, Word), the survey's
 * printed sheets. Fetched with the session cookie so that a refusal shows the server's Chinese message instead of
 * a broken download; the file keeps the name the server gives (RFC 6266 `filename*`).
 */

/** The file name the server gives (RFC 5987 `filename*`), else `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded === undefined) return fallback;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return fallback;
  }
}

/**
 * Fetches `url` (a GET, or a POST of `body` as JSON) and saves the answer; a refusal is thrown as an Error with the
 * server's message.
 */
export async function downloadFile(url: string, fallback: string, body?: unknown): Promise<void> {
  const response = await fetch(
    url,
    body === undefined
      ? { credentials: 'same-origin' }
      : { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(answer?.error?.message ?? `下载失败（${response.status}）`);
  }
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = filenameOf(response.headers.get('content-disposition'), fallback);
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
