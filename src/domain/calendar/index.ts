/**
 * The work-calendar domain (R0.2, R0.4, R0.5, R0.6): calendar data types, civil-date functions and deadline arithmetic.
 */
export * from './types.js';
export * from './calendar.js';
export * from './deadlines.js';
