/**
 * The portal's human check, offline and without a third party: a small sum in Chinese ("7 加 5 等于多少？") and a
 * token `<nonce>.<expires ms>.<mac>` where mac = HMAC-SHA256(key, nonce.expires.answer). The token does not carry
 * the answer; the server keeps nothing until a token is used. A token passes once: its nonce is remembered until it
 * expires (in this process; see docs/public-api.md for several nodes). Wrong answer, expired, forged or used tokens
 * are refused with a stable code and the raise stores nothing.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.js';

/** A question is answerable for this long. */
export const CHALLENGE_TTL_MS = 10 * 60 * 1000;

export interface IssuedChallenge {
  readonly question: string;
  readonly token: string;
  readonly expiresAt: string;
}

/** The question and its answer: a sum or a difference of small numbers, never negative. */
export function makeQuestion(pick: (min: number, max: number) => number = (min, max) => randomInt(min, max + 1)): { question: string; answer: number } {
  const a = pick(2, 19);
  const b = pick(1, 9);
  if (pick(0, 1) === 0) return { question: `${a} 加 ${b} 等于多少？`, answer: a + b };
  const [big, small] = a >= b ? [a, b] : [b, a];
  return { question: `${big} 减 ${small} 等于多少？`, answer: big - small };
}

/** The answer as typed: full-width digits and spaces are accepted ("１２" is 12). */
export function normalizeAnswer(text: string): string | null {
  const t = text.normalize('NFKC').trim();
  return /^\d{1,4}$/.test(t) ? String(Number(t)) : null;
}

export class ChallengeService {
  private readonly key: Buffer;
  /** Nonces used, with their token's expiry: kept until then, so that a used token stays refused while it is valid. */
  private readonly used = new Map<string, number>();

  constructor(secret: string | null) {
    this.key = secret === null ? randomBytes(32) : Buffer.from(secret, 'utf8');
  }

  issue(now: Date): IssuedChallenge {
    const { question, answer } = makeQuestion();
    const nonce = randomBytes(16).toString('base64url');
    const expires = now.getTime() + CHALLENGE_TTL_MS;
    return { question, token: `${nonce}.${expires}.${this.mac(nonce, expires, String(answer))}`, expiresAt: new Date(expires).toISOString() };
  }

  /**
   * Checks the answer and uses the token up, whatever the answer: a wrong answer costs the token, so that the few
   * possible answers cannot be tried one by one against it. Throws CHALLENGE_EXPIRED (malformed, expired, forged
   * expiry, used) or CHALLENGE_FAILED (wrong answer).
   */
  verify(token: string, answerText: string, now: Date): void {
    const m = /^([A-Za-z0-9_-]{22})\.(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (m === null) throw new AppError('CHALLENGE_EXPIRED');
    const [, nonce = '', expiresText = '', mac = ''] = m;
    const expires = Number(expiresText);
    const nowMs = now.getTime();
    if (expires <= nowMs || expires > nowMs + CHALLENGE_TTL_MS) throw new AppError('CHALLENGE_EXPIRED');
    this.prune(nowMs);
    if (this.used.has(nonce)) throw new AppError('CHALLENGE_EXPIRED');
    this.used.set(nonce, expires);
    const answer = normalizeAnswer(answerText);
    const expected = Buffer.from(this.mac(nonce, expires, answer ?? ''), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    if (answer === null || expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('CHALLENGE_FAILED');
  }

  private mac(nonce: string, expires: number, answer: string): string {
    return createHmac('sha256', this.key).update(`${nonce}.${expires}.${answer}`).digest('base64url');
  }

  private prune(nowMs: number): void {
    for (const [nonce, expires] of this.used) if (expires <= nowMs) this.used.delete(nonce);
  }
}
