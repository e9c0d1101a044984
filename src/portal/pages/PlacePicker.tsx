/**
 * Choosing where one lives: town (镇街) then community (村（社区）), remembered on the phone (prefs.ts). Hidden while
 * the list of places is not available (places.ts).
 */
import { useEffect, useId, useState } from 'react';
import { fetchPlaces, type Town } from '../places.js';
import { savePlace, type Place } from '../prefs.js';

export function usePlaces(): readonly Town[] | null {
  const [towns, setTowns] = useState<readonly Town[] | null>(null);
  useEffect(() => {
    let live = true;
    fetchPlaces().then(
      (t) => live && setTowns(t),
      () => live && setTowns(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return towns;
}

export function PlacePicker({ place, onChange, remember = true }: { place: Place | null; onChange: (place: Place | null) => void; remember?: boolean }) {
  const towns = usePlaces();
  const id = useId();
  if (towns === null || towns.length === 0) return null;
  const town = towns.find((t) => t.id === place?.townId) ?? null;
  const choose = (next: Place | null) => {
    if (remember) savePlace(next);
    onChange(next);
  };
  return (
    <div className="card">
      <div className="field">
        <label htmlFor={`${id}-town`}>所在镇（街道）</label>
        <select
          id={`${id}-town`}
          value={town?.id ?? ''}
          onChange={(e) => {
            const t = towns.find((x) => String(x.id) === e.target.value);
            choose(t === undefined ? null : { townId: t.id, townName: t.name, communityId: null, communityName: null });
          }}
        >
          <option value="">全部镇（街道）</option>
          {towns.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      {town !== null && (
        <div className="field" style={{ marginBottom: 0 }}>
          <label htmlFor={`${id}-community`}>所在村（社区）</label>
          <select
            id={`${id}-community`}
            value={place?.communityId ?? ''}
            onChange={(e) => {
              const c = town.communities.find((x) => String(x.id) === e.target.value);
              choose({ townId: town.id, townName: town.name, communityId: c?.id ?? null, communityName: c?.name ?? null });
            }}
          >
            <option value="">{town.name}全部村（社区）</option>
            {town.communities.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
