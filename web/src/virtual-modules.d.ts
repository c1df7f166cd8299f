/**
 * Modules that vite plugins of this package generate at build time (see build/). The shape mirrors
 * CityFeatureCollection in build/guangdong-geo.ts (an ambient module cannot import it by path).
 */
declare module 'virtual:guangdong-map' {
  interface CityFeature {
    type: 'Feature';
    /** Administrative code, e.g. '440100'. */
    id: string;
    properties: { name: string; adcode: string; cp: [number, number] };
    geometry: { type: 'MultiPolygon'; coordinates: [number, number][][][] };
  }

  /** Guangdong's 21 cities, id and `properties.adcode` = administrative code. */
  const geo: { type: 'FeatureCollection'; features: CityFeature[] };
  export default geo;
  /** Apache-2.0 attribution of the boundaries (Apache ECharts 4.9.0). */
  export const GEO_NOTICE: string;
}
