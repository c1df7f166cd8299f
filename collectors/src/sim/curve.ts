/** Piecewise-linear curves through knots: smooth enough for capacity and uptake over years. */
export type Knot = readonly [t: number, value: number];

/** Value at t; flat before the first knot and after the last. Knots must be in time order. */
export function interpolate(knots: readonly Knot[], t: number): number {
  const first = knots[0];
  if (!first) throw new Error('a curve needs at least one knot');
  if (t <= first[0]) return first[1];
  for (let i = 1; i < knots.length; i++) {
    const [t1, v1] = knots[i]!;
    if (t <= t1) {
      const [t0, v0] = knots[i - 1]!;
      return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    }
  }
  return knots[knots.length - 1]![1];
}

/** Smallest t where a non-decreasing curve reaches value, or null if it never does. */
export function inverse(knots: readonly Knot[], value: number): number | null {
  const first = knots[0];
  if (!first) return null;
  if (value <= first[1]) return first[0];
  for (let i = 1; i < knots.length; i++) {
    const [t0, v0] = knots[i - 1]!;
    const [t1, v1] = knots[i]!;
    if (value <= v1 && v1 > v0) return t0 + ((value - v0) / (v1 - v0)) * (t1 - t0);
  }
  return null;
}

/**
 * The knots in time order, for curves that mix the plan's fixed dates with dates counted from the
 * reference day: when an early reference day puts a counted knot at or before a fixed one listed
 * earlier, the counted knot is dropped (the fixed one wins) and the curve runs straight on.
 */
export function inTimeOrder(knots: readonly Knot[]): Knot[] {
  const out: Knot[] = [];
  for (const knot of knots) if (!out.length || knot[0] > out[out.length - 1]![0]) out.push(knot);
  return out;
}
