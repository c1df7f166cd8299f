import { describe, expect, it } from 'vitest';
import {
  carriedQuery,
  DEFAULT_INDICATOR,
  nextInPlaylist,
  parseViewState,
  rangeWindow,
  SCREEN_CONTROLS,
  SCREEN_PANELS,
  withView,
} from '../src/stores/view-state.ts';

describe('parseViewState', () => {
  it('defaults: usage rate, 30 days, no city, not kiosk, everything visible', () => {
    const v = parseViewState({});
    expect(v).toMatchObject({ indicator: DEFAULT_INDICATOR, range: '30d', city: null, kiosk: false, rotateSeconds: null });
    expect([...v.visible].sort()).toEqual([...SCREEN_PANELS, ...SCREEN_CONTROLS].sort());
  });

  it('reads a kiosk link: panels only, rotation clamped, unknown values ignored', () => {
    const v = parseViewState({ kiosk: '1', token: 'abc', rotate: '3', ind: 'migration-rate', range: '7d', city: '440200' });
    expect(v.kiosk).toBe(true);
    expect(v.rotateSeconds).toBe(10);
    expect(v.indicator).toBe('migration-rate');
    expect(v.range).toBe('7d');
    expect(v.city).toBe('440200');
    expect([...v.visible].sort()).toEqual([...SCREEN_PANELS].sort());
    const bad = parseViewState({ ind: 'nope', range: '5y', city: '999999', rotate: 'x', kiosk: 'yes' });
    expect(bad).toMatchObject({ indicator: DEFAULT_INDICATOR, range: '30d', city: null, rotateSeconds: null, kiosk: false });
    expect(parseViewState({ rotate: '99999' }).rotateSeconds).toBe(3600);
    expect(parseViewState({ rotate: '0' }).rotateSeconds).toBeNull();
  });

  it('shows exactly the listed controls, in any mode', () => {
    const v = parseViewState({ kiosk: '1', controls: 'map, ranking,lang,bogus' });
    expect([...v.visible].sort()).toEqual(['lang', 'map', 'ranking']);
    expect(parseViewState({ controls: '' }).visible.size).toBe(0);
  });

  it('takes the first of repeated keys', () => {
    expect(parseViewState({ range: ['90d', '7d'] }).range).toBe('90d');
  });
});

describe('withView / carriedQuery', () => {
  it('keeps the rest of the URL and leaves defaults out', () => {
    const q = { lang: 'en', kiosk: '1', token: 't', ind: 'vcpu-allocation' };
    expect(withView(q, { indicator: DEFAULT_INDICATOR, city: '440300' })).toEqual({ lang: 'en', kiosk: '1', token: 't', city: '440300' });
    expect(withView({ city: '440300', range: '7d' }, { city: null, range: '30d' })).toEqual({});
  });

  it('carries the session (kiosk, token, lang…) but not the selection to another page', () => {
    expect(carriedQuery({ lang: 'en', kiosk: '1', token: 't', city: '440200', rotate: '30', other: 'x' })).toEqual({
      lang: 'en',
      kiosk: '1',
      token: 't',
      rotate: '30',
    });
  });
});

describe('rotation playlist', () => {
  it('cycles through the cities and wraps', () => {
    const list = ['440100', '440200', '440300'];
    expect(nextInPlaylist(list, null)).toBe('440100');
    expect(nextInPlaylist(list, '440200')).toBe('440300');
    expect(nextInPlaylist(list, '440300')).toBe('440100');
    expect(nextInPlaylist(list, '445300')).toBe('440100');
    expect(nextInPlaylist([], null)).toBeNull();
  });
});

describe('rangeWindow', () => {
  const now = Date.UTC(2024, 4, 1, 12, 3, 17);
  it('ends at the last 5 minutes and spans the range with at most 240 steps', () => {
    for (const range of ['24h', '7d', '30d', '90d', '1y'] as const) {
      const w = rangeWindow(range, now);
      const span = (Date.parse(w.to) - Date.parse(w.from)) / 1000;
      expect(w.to).toBe('2024-05-01T12:00:00.000Z');
      expect(span / w.stepSeconds).toBeLessThanOrEqual(240);
      expect(span / w.stepSeconds).toBeGreaterThan(20);
    }
    expect(rangeWindow('24h', now).stepSeconds).toBe(900);
    expect(rangeWindow('1y', now).stepSeconds).toBe(2 * 86400);
  });

  it('asks the same question for two screens refreshing a minute apart', () => {
    expect(rangeWindow('7d', now)).toEqual(rangeWindow('7d', now + 60_000));
  });
});
