/** R0.8 personal data masked in everything the public sees. */
import { describe, expect, it } from 'vitest';
import { maskAddress, maskName, maskPhone } from '../../src/domain/masking.js';

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
});
