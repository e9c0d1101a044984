/**
 * Text the databases can store as it is. A JavaScript string may hold a lone UTF-16 surrogate, which both
 * databases' drivers turn into U+FFFD on the way to UTF-8, and U+0000, which PostgreSQL text cannot hold at all.
 * Input holding either is refused at the edge (app.ts); what is stored without passing the edge (the audit log)
 * is written in the form `storableText` gives, so that what is read back is what was written.
 */

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Whether the string is well-formed Unicode (`String.prototype.isWellFormed`, ES2024). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/**
 * The string as the databases store it: each lone surrogate replaced by U+FFFD (`String.prototype.toWellFormed`,
 * ES2024) and U+0000 by U+FFFD too. The identity on every well-formed string without U+0000.
 */
export function storableText(text: string): string {
  return text.replace(LONE_SURROGATES, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}
