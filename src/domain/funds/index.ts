/**
 * Funds (R9) as a pure domain core: the town's ledger of disbursements (R9.1) with the accounts it makes and their
 * check, the override of approved amounts (R9.2), budget against actual per source (R9.2) and the yearly
 * self-check and performance-evaluation rows (R9.3).
 */
export * from './ledger.js';
export * from './evaluation.js';
export * from './matching-fund.js';
