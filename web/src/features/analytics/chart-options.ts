// ECharts options of the 驾驶舱, built from the dashboard answer. One palette, the page's own font,
// and labels large enough to read from across a room.
import type { EChartsCoreOption } from 'echarts/core';
import type { TDashboard, TGranularity } from './api.ts';

export const FONT = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
export const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#f59e0b',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#ea580c',
  '#475569',
  '#0d9488',
];
const INTAKE = '#2563eb';
const CLOSED = '#16a34a';
const OVERDUE = '#dc2626';
const AXIS = '#6b7280';

const base = {
  color: PALETTE,
  textStyle: { fontFamily: FONT },
  animationDuration: 400,
};

/** 2026-11-02 → 11-02 (a day), 11-02起 (a week starting that Monday), 2026-11 → 2026年11月. */
export function periodLabel(period: string, g: TGranularity): string {
  if (g === 'month') {
    const [y, m] = period.split('-');
    return `${y ?? ''}年${String(Number(m))}月`;
  }
  const md = period.slice(5);
  return g === 'week' ? `${md}起` : md;
}

export function trendOption(d: TDashboard): EChartsCoreOption {
  const labels = d.trend.map((t) => periodLabel(t.period, d.granularity));
  return {
    ...base,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 0, data: ['受理', '结案'] },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { color: AXIS, hideOverlap: true },
      axisTick: { alignWithLabel: true },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: AXIS } },
    series: [
      {
        name: '受理',
        type: 'line',
        symbolSize: 6,
        data: d.trend.map((t) => t.intake),
        itemStyle: { color: INTAKE },
        areaStyle: { color: 'rgba(37, 99, 235, 0.12)' },
      },
      {
        name: '结案',
        type: 'bar',
        barMaxWidth: 18,
        data: d.trend.map((t) => t.closed),
        itemStyle: { color: CLOSED, borderRadius: [3, 3, 0, 0] },
      },
    ],
  };
}

/** Village committees' official names are long: the map and the charts drop the suffix. */
export function shortRegionName(name: string): string {
  return name.replace(/(村民委员会|居民委员会|社区居委会|居委会)$/, '') || name;
}

/** Child regions side by side; many villages turn the chart on its side so names stay legible. */
export function regionOption(d: TDashboard): EChartsCoreOption {
  const names = d.byRegion.map((r) => shortRegionName(r.name));
  const horizontal = d.byRegion.length > 12;
  const category = {
    type: 'category',
    data: horizontal ? [...names].reverse() : names,
    axisLabel: { color: AXIS, interval: 0, ...(horizontal ? {} : { rotate: 0, width: 70 }) },
    triggerEvent: true,
  };
  const value = { type: 'value', minInterval: 1, axisLabel: { color: AXIS } };
  const series = (name: string, key: 'intake' | 'closed' | 'overdue', color: string) => {
    const values = d.byRegion.map((r) => r[key]);
    return {
      name,
      type: 'bar',
      barMaxWidth: 16,
      data: horizontal ? [...values].reverse() : values,
      itemStyle: { color },
      cursor: 'pointer',
    };
  };
  return {
    ...base,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, right: 0, data: ['受理', '结案', '当前超期'] },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      series('受理', 'intake', INTAKE),
      series('结案', 'closed', CLOSED),
      series('当前超期', 'overdue', OVERDUE),
    ],
  };
}

/** The chart height a region bar chart needs: a row per village when it lies on its side. */
export function regionChartHeight(d: TDashboard): string {
  return d.byRegion.length > 12
    ? `${String(Math.min(60 + d.byRegion.length * 26, 1400))}px`
    : '320px';
}

export function donutOption(buckets: TDashboard['byType'], title: string): EChartsCoreOption {
  const data = buckets.filter((b) => b.intake > 0).map((b) => ({ name: b.name, value: b.intake }));
  return {
    ...base,
    tooltip: { trigger: 'item', formatter: '{b}：{c} 件（{d}%）' },
    legend: {
      type: 'plain',
      orient: 'vertical',
      left: '64%',
      top: 'middle',
      itemGap: 10,
      textStyle: { color: '#374151' },
    },
    series: [
      {
        name: title,
        type: 'pie',
        radius: ['48%', '74%'],
        center: ['32%', '50%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        label: { show: false },
        emphasis: { scale: true, scaleSize: 4 },
        labelLine: { show: false },
        data,
      },
    ],
  };
}

export function categoryOption(d: TDashboard): EChartsCoreOption {
  const rows = [...d.byCategory].reverse();
  return {
    ...base,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: AXIS } },
    yAxis: {
      type: 'category',
      data: rows.map((c) => c.name),
      axisLabel: { color: '#374151', interval: 0 },
    },
    series: [
      {
        name: '受理',
        type: 'bar',
        barMaxWidth: 18,
        data: rows.map((c) => c.intake),
        label: { show: true, position: 'right', color: '#374151' },
        itemStyle: {
          color: '#0891b2',
          borderRadius: [0, 3, 3, 0],
        },
      },
    ],
  };
}
