/**
 * R1.3 [beyond the guide] split detection: several small-path projects of one community with the same category and
 * location inside the configured window whose sum exceeds the small-path threshold are flagged to the town as
 * possible 拆分 (splitting to avoid review). A pure function over the community's recent projects.
 */
import { addLocalDays, startOfLocalDay, toLocalDate } from '../calendar/index.js';
import type { Category, SubcategoryCode } from '../categories.js';
import type { RegistrationPath } from '../forms/registration-form.js';
import { sumFen, type Fen } from '../money.js';
import type { RulesConfig } from '../rules-config.js';
import type { IsoInstant } from './types.js';

/** What split detection needs to know of a project; `toSplitCandidate` builds it from a project state. */
export interface SplitCandidate {
  readonly projectId: number;
  readonly communityId: number;
  readonly category: Category;
  readonly subcategory: SubcategoryCode;
  readonly location: string;
  readonly budgetFen: Fen;
  readonly registeredAt: IsoInstant;
  readonly path: RegistrationPath;
}

export interface SplitCheck {
  readonly possibleSplit: boolean;
  readonly relatedProjectIds: readonly number[];
  /** The subject plus its related projects. */
  readonly totalFen: Fen;
}

/** "东城街道 温塘社区（一巷）" and "东城街道温塘社区一巷" are one place: spacing and punctuation are ignored. */
export function normaliseLocation(location: string): string {
  return location
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
}

function civilDay(instant: IsoInstant): number {
  return Date.parse(`${toLocalDate(new Date(instant))}T00:00:00Z`) / 86_400_000;
}

/**
 * R1.3 the earliest instant a project registered before `now` can have and still fall inside the window: 00:00
 * (Asia/Shanghai) of the civil day `splitWindowDays` before today. The window counts civil days, so a query that
 * pre-selects the candidates must start here, not `splitWindowDays × 24 h` before `now`.
 */
export function splitWindowStart(now: Date, config: Pick<RulesConfig, 'splitWindowDays'>): Date {
  return startOfLocalDay(addLocalDays(toLocalDate(now), -config.splitWindowDays));
}

/** R1.3 the subject is flagged when it and its look-alikes within the window add up to more than 5万. */
export function detectPossibleSplit(
  subject: SplitCandidate,
  recent: readonly SplitCandidate[],
  config: RulesConfig,
): SplitCheck {
  if (subject.path !== 'small') return { possibleSplit: false, relatedProjectIds: [], totalFen: subject.budgetFen };
  const place = normaliseLocation(subject.location);
  const day = civilDay(subject.registeredAt);
  const related = recent.filter(
    (other) =>
      other.projectId !== subject.projectId &&
      other.path === 'small' &&
      other.communityId === subject.communityId &&
      (config.splitMatch === 'category' ? other.category === subject.category : other.subcategory === subject.subcategory) &&
      normaliseLocation(other.location) === place &&
      Math.abs(day - civilDay(other.registeredAt)) <= config.splitWindowDays,
  );
  const totalFen = sumFen([subject.budgetFen, ...related.map((other) => other.budgetFen)]);
  return {
    possibleSplit: related.length > 0 && totalFen > config.smallPathMaxFen,
    relatedProjectIds: related.map((other) => other.projectId),
    totalFen,
  };
}
