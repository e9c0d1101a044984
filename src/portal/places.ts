/**
 * Towns and their communities for the pickers (home, 公示 filters, 我要提需求). The API has no public list of units
 * yet, so `fetchPlaces` answers null and the pickers stay hidden; when a public operation for it exists in the
 * document, this is the one place to call it.
 */
export interface Community {
  readonly id: number;
  readonly name: string;
}

export interface Town {
  readonly id: number;
  readonly name: string;
  readonly communities: readonly Community[];
}

export function fetchPlaces(): Promise<readonly Town[] | null> {
  return Promise.resolve(null);
}
