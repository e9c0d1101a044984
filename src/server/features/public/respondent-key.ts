/**
 * Secrets of the public participation: one-time survey tokens (only their SHA-256 is stored), the respondent key of
 * an online survey answer (R6.5 one per respondent: `token:<sha256>` or `phone:<HMAC-SHA256 of the phone>`), and
 * constant-time comparison of secrets.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A fresh link token: 256 random bits, URL-safe. */
export function newSurveyToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Equal in constant time whatever the inputs' lengths: both sides are hashed first, so neither the length nor the
 * first differing character shows in the timing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

export function tokenRespondentKey(tokenHash: string): string {
  return `token:${tokenHash}`;
}

/**
 * The key of the HMAC over phone numbers: the configured secret, or a random one kept in the data directory
 * (created once, readable by the server's user only). Several app nodes must share it: set SURVEY_SECRET there.
 */
export class RespondentKeys {
  private key: Buffer | null = null;

  constructor(
    private readonly configured: string | null,
    private readonly dataDir: string,
  ) {}

  phoneKey(phone: string): string {
    return `phone:${createHmac('sha256', this.secret()).update(phone.replace(/\D/g, ''), 'utf8').digest('hex')}`;
  }

  private secret(): Buffer {
    if (this.key !== null) return this.key;
    this.key = this.configured !== null ? Buffer.from(this.configured, 'utf8') : this.fromDataDir();
    return this.key;
  }

  private fromDataDir(): Buffer {
    const file = path.join(this.dataDir, 'survey-respondent.key');
    fs.mkdirSync(this.dataDir, { recursive: true });
    if (!fs.existsSync(file)) {
      // Written aside and linked into place: of two processes starting at once, one key wins whole and both read it.
      const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      fs.writeFileSync(temp, randomBytes(32).toString('hex'), { mode: 0o600 });
      try {
        fs.linkSync(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        fs.rmSync(temp, { force: true });
      }
    }
    const text = fs.readFileSync(file, 'utf8').trim();
    if (text.length < 32) throw new Error(`${file} holds no usable key`);
    return Buffer.from(text, 'utf8');
  }
}
