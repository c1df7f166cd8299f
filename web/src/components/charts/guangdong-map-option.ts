/**
 * ECharts option for the Guangdong map: the 21 cities coloured by one indicator (a target line splits
 * the colours into below / at-or-above it), the provincial node marked at the provincial capital, and
 * elastic-scheduling flows between nodes drawn as lines when there are any.
 * Pure: everything locale-dependent comes in through `labels` and `format`; `scale` grows every text
 * and mark with the screen (1 = a 1920×1080 wall).
 */
import type { EffectScatterSeriesOption, LinesSeriesOption, MapSeriesOption } from 'echarts/charts';
import type { GeoComponentOption, TooltipComponentOption, VisualMapComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { escapeHtml } from './node-capacity-option.ts';
import type { CityMapPoint } from './map-indicators.ts';

export type GuangdongMapOption = ComposeOption<
  MapSeriesOption | EffectScatterSeriesOption | LinesSeriesOption | GeoComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

export const MAP_COLORS = Object.freeze({
  noData: '#2a3447',
  border: '#0a1120',
  borderSelected: '#ffffff',
  label: '#e4ebf5',
  labelShadow: 'rgba(0,0,0,0.85)',
  stale: '#f4b63f',
  provincial: '#ff6b9a',
  flow: '#7cf0ff',
  tooltipBg: '#0f1828',
  tooltipBorder: '#3a4a66',
  /** Below the target, far below → just below; at or above it. */
  belowFar: '#c2453d',
  below: '#e39b3a',
  met: '#2fc4b2',
  /** Continuous ramp for indicators without a target. */
  ramp: ['#16325c', '#2360b8', '#3f9bff', '#7fd3ff'],
});

export interface MapLabels {
  indicator: string;
  noData: string;
  stale: string;
  notLive: string;
  provincialNode: string;
  /** Names of the provincial node's data centres, shown with its marker. */
  dataCentres: string;
  clickHint: string;
  belowFar: string;
  below: string;
  met: string;
  status: (status: NonNullable<CityMapPoint['status']>) => string;
}

export interface MapFormat {
  /** The indicator's value; null renders the "no data" mark. */
  value: (v: number | null) => string;
}

export interface ProvincialMarker {
  /** [lng, lat] */
  coord: [number, number];
  stale: boolean;
}

export interface ElasticFlow {
  from: [number, number];
  to: [number, number];
  /** vCPU moved; sets the line width. */
  amount: number;
  label: string;
}

export interface MapInput {
  mapName: string;
  points: readonly CityMapPoint[];
  /** The indicator's target (0.6 for the usage rate), or null. */
  target: number | null;
  selected: string | null;
  provincial: ProvincialMarker | null;
  flows: readonly ElasticFlow[];
  scale: number;
}

/** Piecewise colours around a target: far below is less than half of it. */
export function targetPieces(target: number, labels: Pick<MapLabels, 'belowFar' | 'below' | 'met'>) {
  return [
    { lt: target / 2, color: MAP_COLORS.belowFar, label: labels.belowFar },
    { gte: target / 2, lt: target, color: MAP_COLORS.below, label: labels.below },
    { gte: target, color: MAP_COLORS.met, label: labels.met },
  ];
}

/** The map label of a city: its name, its value, and a ⚠ when the value is stale. */
export function cityLabel(point: CityMapPoint, labels: MapLabels, format: MapFormat): string {
  const value = point.live || point.value !== null ? format.value(point.value) : labels.notLive;
  return `{name|${point.name}}\n${point.stale ? `{stale|⚠ ${value}}` : `{value|${value}}`}`;
}

export function cityTooltip(point: CityMapPoint, labels: MapLabels, format: MapFormat): string {
  const rows = [
    `<div style="font-weight:700;margin-bottom:4px">${escapeHtml(point.name)}</div>`,
    `<div>${escapeHtml(labels.indicator)}: <b>${escapeHtml(point.value === null ? labels.noData : format.value(point.value))}</b></div>`,
  ];
  if (point.status) rows.push(`<div>${escapeHtml(labels.status(point.status))}</div>`);
  if (!point.live) rows.push(`<div>${escapeHtml(labels.notLive)}</div>`);
  if (point.stale) rows.push(`<div style="color:${MAP_COLORS.stale}">⚠ ${escapeHtml(labels.stale)}</div>`);
  rows.push(`<div style="opacity:.7;margin-top:4px">${escapeHtml(labels.clickHint)}</div>`);
  return rows.join('');
}

export function buildGuangdongMapOption(input: MapInput, labels: MapLabels, format: MapFormat): GuangdongMapOption {
  const s = input.scale;
  const byCode = new Map(input.points.map((p) => [p.code, p]));
  const values = input.points.map((p) => p.value).filter((v): v is number => v !== null);

  const visualMap: VisualMapComponentOption =
    input.target !== null
      ? {
          type: 'piecewise',
          seriesIndex: 0,
          pieces: targetPieces(input.target, labels),
          left: 8 * s,
          bottom: 8 * s,
          itemWidth: 18 * s,
          itemHeight: 12 * s,
          itemGap: 6 * s,
          textStyle: { color: MAP_COLORS.label, fontSize: 13 * s },
        }
      : {
          type: 'continuous',
          seriesIndex: 0,
          min: 0,
          // Ratios: 0–100%, or the largest value if something is allocated beyond its total.
          max: Math.max(1, ...values),
          calculable: false,
          inRange: { color: [...MAP_COLORS.ramp] },
          left: 8 * s,
          bottom: 8 * s,
          itemWidth: 14 * s,
          itemHeight: 120 * s,
          text: [format.value(Math.max(1, ...values)), format.value(0)],
          textStyle: { color: MAP_COLORS.label, fontSize: 13 * s },
        };

  const geo: GeoComponentOption = {
    map: input.mapName,
    nameProperty: 'adcode',
    roam: false,
    // Leave room for the legend at the bottom left.
    layoutCenter: ['52%', '50%'],
    layoutSize: '96%',
    selectedMode: false,
    itemStyle: { areaColor: MAP_COLORS.noData, borderColor: MAP_COLORS.border, borderWidth: 1.2 * s },
    label: {
      show: true,
      color: MAP_COLORS.label,
      fontSize: 12 * s,
      lineHeight: 15 * s,
      textShadowColor: MAP_COLORS.labelShadow,
      textShadowBlur: 4 * s,
      formatter: (params: { name?: string }) => {
        const p = params.name ? byCode.get(params.name) : undefined;
        return p ? cityLabel(p, labels, format) : '';
      },
      rich: {
        name: { fontSize: 12 * s, color: MAP_COLORS.label, lineHeight: 15 * s },
        value: { fontSize: 14 * s, fontWeight: 700, color: '#ffffff', lineHeight: 17 * s },
        stale: { fontSize: 14 * s, fontWeight: 700, color: MAP_COLORS.stale, lineHeight: 17 * s },
      },
    },
    emphasis: {
      label: { show: true, color: '#ffffff' },
      itemStyle: { areaColor: undefined, borderColor: MAP_COLORS.borderSelected, borderWidth: 2 * s },
    },
    regions: input.selected ? [{ name: input.selected, itemStyle: { borderColor: MAP_COLORS.borderSelected, borderWidth: 3 * s } }] : [],
  };

  const mapSeries: MapSeriesOption = {
    type: 'map',
    id: 'cities',
    geoIndex: 0,
    data: input.points.map((p) => ({
      name: p.code,
      // ECharts leaves '-' uncoloured: missing data keeps the no-data colour instead of the lowest bucket.
      value: p.value === null ? '-' : p.value,
    })) as MapSeriesOption['data'],
  };

  const series: GuangdongMapOption['series'] = [mapSeries];

  if (input.provincial) {
    series.push({
      type: 'effectScatter',
      id: 'provincial-node',
      coordinateSystem: 'geo',
      zlevel: 1,
      rippleEffect: { brushType: 'stroke', scale: 3 },
      symbolSize: 14 * s,
      itemStyle: { color: input.provincial.stale ? MAP_COLORS.stale : MAP_COLORS.provincial },
      label: {
        show: true,
        position: 'top',
        distance: 10 * s,
        color: '#ffffff',
        fontSize: 13 * s,
        fontWeight: 700,
        backgroundColor: 'rgba(10,17,32,0.85)',
        borderColor: MAP_COLORS.provincial,
        borderWidth: 1,
        borderRadius: 4 * s,
        padding: [4 * s, 8 * s],
        formatter: `${labels.provincialNode}${input.provincial.stale ? ' ⚠' : ''}\n{dc|${labels.dataCentres}}`,
        rich: { dc: { fontSize: 12 * s, color: '#ffc2d4', fontWeight: 400, lineHeight: 16 * s } },
      },
      tooltip: { show: false },
      data: [{ name: labels.provincialNode, value: input.provincial.coord }],
    });
  }

  if (input.flows.length > 0) {
    const most = Math.max(...input.flows.map((f) => f.amount), 1);
    series.push({
      type: 'lines',
      id: 'elastic-flows',
      coordinateSystem: 'geo',
      zlevel: 2,
      effect: { show: true, period: 4, trailLength: 0.3, symbol: 'arrow', symbolSize: 8 * s, color: MAP_COLORS.flow },
      lineStyle: { color: MAP_COLORS.flow, opacity: 0.6, curveness: 0.25 },
      tooltip: { show: false },
      data: input.flows.map((f) => ({
        coords: [f.from, f.to],
        name: f.label,
        lineStyle: { width: (1 + (4 * f.amount) / most) * s },
      })),
    });
  }

  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 600,
    tooltip: {
      trigger: 'item',
      backgroundColor: MAP_COLORS.tooltipBg,
      borderColor: MAP_COLORS.tooltipBorder,
      textStyle: { color: MAP_COLORS.label, fontSize: 13 * s },
      confine: true,
      formatter: (params) => {
        const one = Array.isArray(params) ? params[0] : params;
        const p = one?.name ? byCode.get(one.name) : undefined;
        return p ? cityTooltip(p, labels, format) : '';
      },
    },
    visualMap,
    geo,
    series,
  };
}
