/**
 * The password policy (等保 level 3 practice): at least 12 characters, three of the four character classes, not
 * containing the username, not a known weak password; every problem reported at once, in Chinese.
 */
import { describe, expect, it } from 'vitest';
import { characterClasses, checkPassword, PASSWORD_MIN_LENGTH } from '../../../src/domain/access/password-policy.js';

const codes = (password: string, username = 'zhangsan'): string[] => checkPassword(password, username).map((p) => p.code);

describe('password policy', () => {
  it('accepts a long password with three classes that is neither weak nor the username', () => {
    expect(checkPassword('Huangqi-Road-58', 'zhangsan')).toEqual([]);
    expect(checkPassword('sunflower#river7', 'zhangsan')).toEqual([]);
  });

  it('needs at least 12 characters, counted as characters not bytes', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(codes('Abcdefgh12!')).toEqual(['TOO_SHORT']); // 11
    expect(codes('Abcdefgh12!x')).toEqual([]); // 12
    // Eight Chinese characters are 24 bytes in UTF-8 but eight characters.
    expect(codes('东莞民生微实事项Ab1')).toEqual(['TOO_SHORT']);
    expect(codes('东莞民生微实事项目Ab1')).toEqual([]);
  });

  it('needs three of lower case, upper case, digits and symbols', () => {
    expect(characterClasses('abc')).toBe(1);
    expect(characterClasses('aB3!')).toBe(4);
    expect(codes('abcdefghijkl')).toEqual(['TOO_FEW_CLASSES']);
    expect(codes('abcdefghij12')).toEqual(['TOO_FEW_CLASSES']);
    expect(codes('abcdefghij1!')).toEqual([]);
    expect(codes('ABCDEFGHIJ1!')).toEqual([]);
    expect(codes('Abcdefghijk1')).toEqual([]);
  });

  it('refuses a password containing the username, in any case or reversed', () => {
    expect(codes('Zhangsan-2026!', 'zhangsan')).toEqual(['CONTAINS_USERNAME']);
    expect(codes('xx-ZHANGSAN-99', 'ZhangSan')).toEqual(['CONTAINS_USERNAME']);
    expect(codes('nasgnahz-2026X', 'zhangsan')).toEqual(['CONTAINS_USERNAME']);
    expect(codes('Zhangsan-2026!', '  ')).toEqual([]);
  });

  it('refuses known weak passwords even when they meet the length and class rules', () => {
    expect(codes('Password@123')).toEqual(['WEAK']);
    expect(codes('P@ssw0rd1234')).toEqual(['WEAK']);
    expect(codes('Dongguan@2026')).toEqual(['WEAK']);
    // Symbols added around a weak password do not make it strong.
    expect(codes('!!Qwerty123456!!')).toEqual(['WEAK']);
  });

  it('reports every problem at once, each in Chinese', () => {
    const problems = checkPassword('zs1', 'zs');
    expect(problems.map((p) => p.code)).toEqual(['TOO_SHORT', 'TOO_FEW_CLASSES', 'CONTAINS_USERNAME']);
    for (const p of [...problems, ...checkPassword('Password@123', 'x')]) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
    expect(problems[0]?.message).toContain('12');
  });
});
