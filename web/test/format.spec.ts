import { describe, expect, it } from 'vitest';
import {
  formatCompact,
  formatDateTime,
  formatInteger,
  formatPercent,
  formatResource,
  NO_DATA,
  ratio,
  toDisplayUnit,
} from '../src/i18n/format.ts';

const reference = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

describe('formatInteger', () => {
  it('groups thousands exactly like Intl zh-CN, in both locales', () => {
    for (const v of [0, 7, 999, 1000, 131204, 90000, 1234567.4, 1234567.5]) {
      expect(formatInteger(v, 'zh-CN')).toBe(reference.format(v));
      expect(formatInteger(v, 'en')).toBe(reference.format(v));
    }
    expect(formatInteger(131204, 'zh-CN')).toBe('131,204');
  });

  it('shows missing data as a dash, never as zero', () => {
    expect(formatInteger(null, 'zh-CN')).toBe(NO_DATA);
    expect(formatInteger(undefined, 'en')).toBe(NO_DATA);
    expect(formatInteger(Number.NaN, 'zh-CN')).toBe(NO_DATA);
    expect(formatInteger(0, 'zh-CN')).toBe('0');
  });
});

describe('resource units', () => {
  it('uses the catalogue display divisor', () => {
    expect(toDisplayUnit(64, 'vcpu')).toBe(64);
    expect(toDisplayUnit(2 * 1024 ** 3, 'memory')).toBe(2);
    expect(toDisplayUnit(3 * 1024 ** 4, 'storage')).toBe(3);
    expect(toDisplayUnit(null, 'memory')).toBeNull();
  });

  it('formats vCPU as whole numbers and bytes with one decimal', () => {
    expect(formatResource(131204, 'vcpu', 'zh-CN')).toBe('131,204');
    expect(formatResource(1.5 * 1024 ** 3, 'memory', 'en')).toBe('1.5');
    expect(formatResource(2048 * 1024 ** 4, 'storage', 'zh-CN')).toBe('2,048.0');
    expect(formatResource(null, 'storage', 'zh-CN')).toBe(NO_DATA);
  });
});

describe('ratios and percentages', () => {
  it('is null when a part is missing or the whole is not positive', () => {
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(null, 200)).toBeNull();
    expect(ratio(50, 0)).toBeNull();
    expect(ratio(50, null)).toBeNull();
  });

  it('formats percentages with at most one decimal', () => {
    expect(formatPercent(0.634, 'en')).toBe('63.4%');
    expect(formatPercent(0.634, 'zh-CN')).toBe('63.4%');
    expect(formatPercent(null, 'en')).toBe(NO_DATA);
  });

  it('compacts axis labels per locale', () => {
    expect(formatCompact(120000, 'zh-CN')).toBe('12万');
    expect(formatCompact(120000, 'en')).toBe('120K');
    expect(formatCompact(0, 'en')).toBe('0');
  });
});

describe('formatDateTime', () => {
  it('shows China time whatever the machine time zone', () => {
    expect(formatDateTime('2024-05-01T12:00:00Z')).toBe('2024-05-01 20:00:00');
    expect(formatDateTime('2024-12-31T16:30:05.123Z')).toBe('2025-01-01 00:30:05');
    expect(formatDateTime(new Date(Date.UTC(2020, 5, 30, 0, 0, 0)))).toBe('2020-06-30 08:00:00');
  });

  it('shows a dash for missing or unparseable times', () => {
    expect(formatDateTime(null)).toBe(NO_DATA);
    expect(formatDateTime(undefined)).toBe(NO_DATA);
    expect(formatDateTime('not a date')).toBe(NO_DATA);
  });
});
