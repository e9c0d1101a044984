/**
 * One-time survey links (R6.5) as a printable sheet, without the screen: each issued link as the full address a phone
 * opens (the server answers a path), and the links laid out page by page (two columns of cards, several per A4 page).
 */
import type { ResponseOf } from '../../../api/models.js';

export type IssuedLink = ResponseOf<'issueSurveyTokens'>['tokens'][number];

/** Cards per printed A4 page: two columns of four. */
export const LINKS_PER_PAGE = 8;

/** The most links one request may issue (the server's limit). */
export const MAX_LINKS_AT_ONCE = 500;

/** The address to print and encode: the server's path on this site's origin; a full address is kept as it is. */
export function absoluteLink(origin: string, link: string): string {
  if (/^https?:\/\//i.test(link)) return link;
  return `${origin.replace(/\/+$/, '')}/${link.replace(/^\/+/, '')}`;
}

/** The links in pages of `perPage`. */
export function pagesOf<T>(items: readonly T[], perPage: number = LINKS_PER_PAGE): readonly (readonly T[])[] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += perPage) pages.push(items.slice(i, i + perPage));
  return pages;
}
