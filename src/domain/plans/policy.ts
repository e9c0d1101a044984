/**
 * The readings of R8 chosen here, in one object (RULES.md: keep each [reading] in one place), so that a town can be
 * configured differently without touching the deciders.
 */
export interface PlanPolicy {
  /**
   * R8.1 "closes by 31 January": the default closing date of a campaign, as `MM-DD` of the campaign's year. A closing
   * date after it is refused; an earlier one is allowed ("by" sets a latest date, not a fixed one).
   */
  readonly campaignLatestClosing: string;
  /**
   * R8.2 "by the end of February": the plan is due at 24:00 of the last day of February of its year (28 or 29),
   * Asia/Shanghai. No move to the next working day: the guide names a calendar date, not a count of days (R0.4 is
   * about "N日内").
   */
  readonly planDueMonthEnd: 2;
  /**
   * R4.6 / R8.2 which projects fill the library: only those the lifecycle marks (`libraryEntryRequested`: centrally
   * collected and confirmed by the town, R3.5 path). `false` keeps small-path (R3.4, ≤ 5万) centralized projects out,
   * as the lifecycle does today; `true` would let `libraryEntryOf` take them in once registered with the town (备案).
   */
  readonly smallPathCentralizedInLibrary: boolean;
}

export const DEFAULT_PLAN_POLICY: PlanPolicy = Object.freeze({
  campaignLatestClosing: '01-31',
  planDueMonthEnd: 2,
  smallPathCentralizedInLibrary: false,
});
