/** R0.8 personal data masked in everything the public sees. */
import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskName, maskPersonalDataInText, maskPhone } from '../../src/domain/masking.js';

describe('masking', () => {
  it('R0.8 masks a mobile number to its first 3 and last 4 digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('138 1234 1234')).toBe('138****1234');
  });

  it('R0.8 masks a landline to its area code and last 4 digits, anything else to its last 4', () => {
    expect(maskPhone('0769-22223333')).toBe('0769-****3333');
    expect(maskPhone('12345')).toBe('*2345');
    expect(maskPhone('')).toBe('');
  });

  it('R0.8 masks a name to its first character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
    expect(maskName('')).toBe('');
  });

  it('R0.8 cuts an address to the town or street level', () => {
    expect(maskAddress('东莞市南城街道莞太路123号')).toBe('东莞市南城街道***');
    expect(maskAddress('东莞市虎门镇镇口村一巷5号')).toBe('东莞市虎门镇***');
    expect(maskAddress('温塘一巷5号')).toBe('***');
  });

  it('R0.8 leaves a phone number that is already masked as it is', () => {
    expect(maskPhone('138****1234')).toBe('138****1234');
  });

  it('R0.8 masks an ID number to its first and last 4 characters', () => {
    expect(maskIdNumber('44190019900101123X')).toBe('4419**********123X');
  });

  it('R0.8 masks phone and ID numbers typed into free text', () => {
    expect(maskPersonalDataInText('请联系我：电话13912345678，王小明')).toBe('请联系我：电话139****5678，王小明');
    expect(maskPersonalDataInText('身份证44190019900101123x；手机139 1234 5678；+8613912345678')).toBe(
      '身份证4419**********123x；手机139****5678；139****5678',
    );
    expect(maskPersonalDataInText('座机0769-12345678，(0769)22223333，（020）87654321，0769 22830101')).toBe(
      '座机0769-****5678，0769-****3333，020-****4321，0769-****0101',
    );
  });

  it('R0.8 leaves codes, hashes, amounts and dates in free text alone', () => {
    const text = '编号MS20260821000001，哈希8474acc999537eabd114860509307845，预算3000000分，2026-10-20，第12345678号';
    expect(maskPersonalDataInText(text)).toBe(text);
  });

  it('R0.8 masks the names it is given wherever they occur, not other names', () => {
    expect(maskPersonalDataInText('王小明反映，李四附议', ['王小明'])).toBe('王**反映，李四附议');
    // A one-character name would mask that character everywhere: left alone.
    expect(maskPersonalDataInText('王小明', ['王'])).toBe('王小明');
  });
});
