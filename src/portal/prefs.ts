/**
 * What the portal remembers on the resident's phone (localStorage only, nothing sent): 大字模式, and the town and
 * community chosen on the home page.
 */
const LARGE = 'portal.largeText';
const PLACE = 'portal.place';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
}

export function largeTextOn(): boolean {
  return read(LARGE) === '1';
}

export function setLargeText(on: boolean): void {
  write(LARGE, on ? '1' : null);
  document.documentElement.classList.toggle('large', on);
}

export interface Place {
  readonly townId: number;
  readonly townName: string;
  readonly communityId: number | null;
  readonly communityName: string | null;
}

export function parsePlace(raw: string | null): Place | null {
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    if (typeof o.townId !== 'number' || typeof o.townName !== 'string') return null;
    return {
      townId: o.townId,
      townName: o.townName,
      communityId: typeof o.communityId === 'number' ? o.communityId : null,
      communityName: typeof o.communityName === 'string' ? o.communityName : null,
    };
  } catch {
    return null;
  }
}

export function savedPlace(): Place | null {
  return parsePlace(read(PLACE));
}

export function savePlace(place: Place | null): void {
  write(PLACE, place === null ? null : JSON.stringify(place));
}
