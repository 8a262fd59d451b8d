// The grid map as an ECharts `map` series over our own GeoJSON (no tiles, nothing from outside):
// fill by open matters (a piecewise legend), a red outline where something is overdue.
import { registerMap, type EChartsCoreOption } from './echarts.ts';
import { FONT, shortRegionName } from './chart-options.ts';
import type { TGrid, TGridCount } from './api.ts';

export interface MapGrid {
  code: string;
  name: string;
  regionName: string;
  open: number;
  overdue: number;
  workers: string;
}

/** Grid outlines drawn with these strokes; nothing else on the map page uses them. */
export const GRID_STROKE = '#94a3b8';
export const OVERDUE_STROKE = '#dc2626';

const PIECES = [
  { min: 0, max: 0, label: '0', color: '#eef2f7' },
  { min: 1, max: 2, label: '1–2', color: '#bfdbfe' },
  { min: 3, max: 5, label: '3–5', color: '#60a5fa' },
  { min: 6, max: 10, label: '6–10', color: '#2563eb' },
  { min: 11, label: '11 及以上', color: '#1e3a8a' },
];

const DUTY_ORDER = { grid_leader: 0, grid_worker: 1, assistant: 2 } as const;

export function joinGrids(grids: readonly TGrid[], counts: readonly TGridCount[]): MapGrid[] {
  const byCode = new Map(counts.map((c) => [c.gridCode, c]));
  return grids.map((g) => {
    const c = byCode.get(g.code);
    const workers = [...g.workers]
      .sort((a, b) => DUTY_ORDER[a.duty] - DUTY_ORDER[b.duty])
      .map((w) => w.name)
      .join('、');
    return {
      code: g.code,
      name: g.name,
      regionName: shortRegionName(g.regionName),
      open: c?.open ?? 0,
      overdue: c?.overdue ?? 0,
      workers,
    };
  });
}

let registered = 0;

/** Registers the grids' polygons as a map of their own and returns its name. */
export function registerGrids(grids: readonly TGrid[]): string {
  registered += 1;
  const name = `fq-grids-${String(registered)}`;
  const features = grids
    .filter((g) => g.geometry !== null && g.geometry !== undefined)
    .map((g) => ({
      type: 'Feature' as const,
      properties: { name: g.code },
      geometry: g.geometry,
    }));
  // ECharts' own GeoJSON type is stricter than our zod shape; the server validated the geometry
  registerMap(name, { type: 'FeatureCollection', features } as unknown as Parameters<
    typeof registerMap
  >[1]);
  return name;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);

function tooltip(g: MapGrid | undefined): string {
  if (g === undefined) {
    return '';
  }
  const overdue =
    g.overdue > 0 ? `<b style="color:${OVERDUE_STROKE}">${String(g.overdue)}</b>` : '0';
  return [
    `<b>${escape(g.regionName)} ${escape(g.name)}</b>`,
    `在办事项：${String(g.open)} 件，超期：${overdue} 件`,
    `网格员：${g.workers === '' ? '未配置' : escape(g.workers)}`,
    '<span style="color:#6b7280">点击查看本网格事项</span>',
  ].join('<br/>');
}

/** Map y-stretch: one degree of longitude is cos(latitude) of a degree of latitude. */
function aspectOf(grids: readonly TGrid[]): number {
  const lats = grids.flatMap((g) => (g.bbox === null ? [] : [g.bbox[1] ?? 0, g.bbox[3] ?? 0]));
  const mid = lats.length === 0 ? 35 : (Math.min(...lats) + Math.max(...lats)) / 2;
  return Math.cos((mid * Math.PI) / 180);
}

export function mapOption(
  mapName: string,
  grids: readonly TGrid[],
  rows: readonly MapGrid[],
): EChartsCoreOption {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const few = rows.length <= 80;
  return {
    textStyle: { fontFamily: FONT },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string }) => tooltip(byCode.get(p.name)),
    },
    visualMap: {
      type: 'piecewise',
      pieces: PIECES,
      left: 8,
      bottom: 8,
      text: ['在办事项（件）'],
      showLabel: true,
      itemWidth: 16,
      itemHeight: 12,
      textStyle: { color: '#374151', fontFamily: FONT },
      backgroundColor: 'rgba(255,255,255,0.85)',
      padding: 8,
      seriesIndex: 0,
    },
    series: [
      {
        type: 'map',
        map: mapName,
        roam: true,
        scaleLimit: { min: 0.8, max: 40 },
        aspectScale: aspectOf(grids),
        layoutCenter: ['50%', '50%'],
        layoutSize: '94%',
        selectedMode: 'single',
        itemStyle: { areaColor: '#eef2f7', borderColor: GRID_STROKE, borderWidth: 0.8 },
        label: {
          show: few,
          color: '#1f2937',
          fontSize: 11,
          formatter: (p: { name: string }) => byCode.get(p.name)?.name ?? '',
        },
        labelLayout: { hideOverlap: true },
        emphasis: {
          label: { show: true, formatter: (p: { name: string }) => byCode.get(p.name)?.name ?? '' },
          itemStyle: { areaColor: '#fcd34d' },
        },
        select: {
          label: { show: true, color: '#111827' },
          itemStyle: { areaColor: '#f59e0b', borderColor: '#7c2d12', borderWidth: 2 },
        },
        data: rows.map((r) => ({
          name: r.code,
          value: r.open,
          ...(r.overdue > 0 ? { itemStyle: { borderColor: OVERDUE_STROKE, borderWidth: 2 } } : {}),
        })),
      },
    ],
  };
}
