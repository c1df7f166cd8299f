/**
 * Build-time decoding of the Guangdong GeoJSON that echarts@4.9.0 ships (map/json/province/guangdong.json,
 * Apache-2.0). That file is compressed with ECharts' `UTF8Encoding` scheme: each ring is a string of
 * character pairs, each pair a zigzag-encoded delta of the quantized (× UTF8Scale, default 1024)
 * longitude and latitude, starting from the ring's `encodeOffsets`. We decode it once at build time
 * into plain GeoJSON, simplify it for display and keep only what the console reads.
 *
 * Pure functions only (no Node APIs): the vite plugin and the unit tests share them.
 */

export type Position = [number, number];
export type Ring = Position[];

/** A feature as echarts@4.9.0 ships it. */
export interface EncodedFeature {
  id?: string;
  type: 'Feature';
  properties: { name: string; cp?: [number, number]; childNum?: number };
  geometry:
    | { type: 'Polygon'; coordinates: string[]; encodeOffsets: Position[] }
    | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: Position[][] };
}

export interface EncodedFeatureCollection {
  type: 'FeatureCollection';
  features: EncodedFeature[];
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
}

export interface CityFeature {
  type: 'Feature';
  /** Administrative code, e.g. '440100'. */
  id: string;
  properties: {
    /** Chinese name as the source spells it, e.g. '广州市'. */
    name: string;
    /** Administrative code again: ECharts reads region names from a property (`nameProperty: 'adcode'`). */
    adcode: string;
    /** Label anchor [lng, lat] (the city's seat), from the source. */
    cp: Position;
  };
  geometry: { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export interface CityFeatureCollection {
  type: 'FeatureCollection';
  features: CityFeature[];
}

const DEFAULT_SCALE = 1024;

/** One encoded ring → [lng, lat] positions (ECharts' decodeRing, without mutating its input). */
export function decodeRing(encoded: string, offsets: readonly [number, number] | readonly number[], scale = DEFAULT_SCALE): Ring {
  const out: Ring = [];
  let prevX = offsets[0] ?? 0;
  let prevY = offsets[1] ?? 0;
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    // Zigzag: 0, -1, 1, -2, 2 … were stored as 0, 1, 2, 3, 4 …
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    // Deltas from the previous point.
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    out.push([x / scale, y / scale]);
  }
  return out;
}

/** Every feature as polygons of rings (the first ring of a polygon is its outline, the rest holes). */
export function decodeFeatureCollection(fc: EncodedFeatureCollection): { id: string; properties: EncodedFeature['properties']; polygons: Ring[][] }[] {
  const scale = fc.UTF8Scale ?? DEFAULT_SCALE;
  return fc.features.map((f) => {
    const g = f.geometry;
    let polygons: Ring[][];
    if (fc.UTF8Encoding === false) {
      // Already plain GeoJSON (coordinates are numbers): accepted for completeness.
      const coords = g.coordinates as unknown as Ring[] | Ring[][];
      polygons = g.type === 'Polygon' ? [coords as Ring[]] : (coords as Ring[][]);
    } else if (g.type === 'Polygon') {
      polygons = [g.coordinates.map((ring, r) => decodeRing(ring, g.encodeOffsets[r] ?? [0, 0], scale))];
    } else {
      polygons = g.coordinates.map((rings, p) => rings.map((ring, r) => decodeRing(ring, g.encodeOffsets[p]?.[r] ?? [0, 0], scale)));
    }
    return { id: String(f.id ?? ''), properties: f.properties, polygons };
  });
}

/** Absolute planar area in square degrees (shoelace); enough to rank rings by size. */
export function ringArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(sum) / 2;
}

function perpendicularDistance(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker on an open polyline (iterative: some coastlines have thousands of points). */
function simplifyLine(points: readonly Position[], tolerance: number): Position[] {
  if (points.length <= 2) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let maxD = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicularDistance(points[i]!, points[first]!, points[last]!);
      if (d > maxD) {
        maxD = d;
        index = i;
      }
    }
    if (index !== -1 && maxD > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/**
 * Simplifies a ring and closes it. The ring is split at its farthest point from the start so that
 * both halves are open lines (Douglas–Peucker needs distinct end points). Never returns fewer than
 * four positions (a closed triangle).
 */
export function simplifyRing(ring: readonly Position[], tolerance: number): Ring {
  const open = ring.length > 1 && samePosition(ring[0]!, ring[ring.length - 1]!) ? ring.slice(0, -1) : [...ring];
  if (open.length < 3) return [...open, open[0]!].filter(Boolean);
  let far = 1;
  let farD = -1;
  for (let i = 1; i < open.length; i++) {
    const d = Math.hypot(open[i]![0] - open[0]![0], open[i]![1] - open[0]![1]);
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  const a = simplifyLine(open.slice(0, far + 1), tolerance);
  const b = simplifyLine([...open.slice(far), open[0]!], tolerance);
  let out = [...a, ...b.slice(1)];
  if (out.length < 4) out = [...open.slice(0, 3), open[0]!];
  if (!samePosition(out[0]!, out[out.length - 1]!)) out.push(out[0]!);
  return out;
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export interface CityGeoOptions {
  /** Douglas–Peucker tolerance in degrees; 0.003° ≈ 300 m, under a pixel even on a 4K wall (≈ 0.004°/px). */
  tolerance: number;
  /** Islands and holes smaller than this (square degrees) are dropped; a feature's largest polygon always stays. */
  minRingArea: number;
  /** Decimal places kept (3 ≈ 100 m: the source is quantized to 1/1024° anyway). */
  digits: number;
}

export const DEFAULT_CITY_GEO_OPTIONS: Readonly<CityGeoOptions> = Object.freeze({ tolerance: 0.003, minRingArea: 0.001, digits: 3 });

/**
 * The source file → one MultiPolygon feature per city, id = administrative code, simplified.
 * Throws when a feature has no administrative code: the console joins every figure on that code.
 */
export function buildCityGeoJson(fc: EncodedFeatureCollection, options: CityGeoOptions = DEFAULT_CITY_GEO_OPTIONS): CityFeatureCollection {
  const round = (v: number) => Number(v.toFixed(options.digits));
  const features = decodeFeatureCollection(fc).map((f): CityFeature => {
    if (!/^\d{6}$/.test(f.id)) throw new Error(`Guangdong GeoJSON: feature "${f.properties.name}" has no 6-digit administrative code (id "${f.id}")`);
    const byArea = [...f.polygons].sort((p, q) => ringArea(q[0] ?? []) - ringArea(p[0] ?? []));
    const polygons = byArea
      .filter((p, i) => i === 0 || ringArea(p[0] ?? []) >= options.minRingArea)
      .map((rings) =>
        rings
          .filter((ring, r) => r === 0 || ringArea(ring) >= options.minRingArea)
          .map((ring) => simplifyRing(ring, options.tolerance).map(([x, y]): Position => [round(x), round(y)])),
      );
    const cp = f.properties.cp ?? centroidOf(byArea[0]?.[0] ?? []);
    return {
      type: 'Feature',
      id: f.id,
      properties: { name: f.properties.name, adcode: f.id, cp: [round(cp[0]), round(cp[1])] },
      geometry: { type: 'MultiPolygon', coordinates: polygons },
    };
  });
  return { type: 'FeatureCollection', features };
}

function centroidOf(ring: readonly Position[]): Position {
  if (ring.length === 0) return [0, 0];
  const sx = ring.reduce((s, p) => s + p[0], 0);
  const sy = ring.reduce((s, p) => s + p[1], 0);
  return [sx / ring.length, sy / ring.length];
}

/** Positions in a feature collection: a size measure for tests and build logs. */
export function countPositions(fc: CityFeatureCollection): number {
  return fc.features.reduce((n, f) => n + f.geometry.coordinates.reduce((m, p) => m + p.reduce((k, r) => k + r.length, 0), 0), 0);
}
