/**
 * Registers the Guangdong city map, and the ECharts modules that draw it, once. The GeoJSON is
 * decoded from echarts@4.9.0's compressed file at build time (build/vite-plugin-guangdong-map.ts);
 * its Apache-2.0 notice is GEO_NOTICE, credited under the map.
 */
import { EffectScatterChart, LinesChart, MapChart } from 'echarts/charts';
import { GeoComponent, VisualMapContinuousComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import { registerMap, use } from 'echarts/core';
import geo, { GEO_NOTICE } from 'virtual:guangdong-map';

use([MapChart, EffectScatterChart, LinesChart, GeoComponent, VisualMapContinuousComponent, VisualMapPiecewiseComponent]);

export const GUANGDONG_MAP = 'guangdong';
export { GEO_NOTICE };

/** Label anchor (city seat) of each city, [lng, lat], by administrative code. */
export const CITY_ANCHORS: ReadonlyMap<string, [number, number]> = new Map(geo.features.map((f) => [f.id, f.properties.cp]));

registerMap(GUANGDONG_MAP, geo as unknown as Parameters<typeof registerMap>[1]);
