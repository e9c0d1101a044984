/**
 * Towns and their communities for the pickers (home, 公示 filters, 我要提需求), from GET /api/public/units — a
 * cacheable list, loaded once per page view and shared by every picker.
 */
import { client, type PublicUnits } from './api.js';

export type Town = PublicUnits['towns'][number];
export type Community = Town['communities'][number];

let pending: Promise<readonly Town[] | null> | null = null;

export function fetchPlaces(): Promise<readonly Town[] | null> {
  pending ??= client.GET('/api/public/units').then(
    (r) => r.towns,
    () => {
      pending = null;
      return null;
    },
  );
  return pending;
}
