/**
 * The options of the statistics page's charts: horizontal bars (long Chinese names on the left, the number at the
 * bar's end), vertical bars (years), donuts (shares, zero slices left out) and paired bars (planned against actual).
 * Every item's number is drawn as a label, so the chart reads without hovering; the tooltip repeats it with the
 * full name where a long one is cut.
 */
import type { ChartOption } from './EChart.js';

/** The workbench's blue first, then colours far enough apart to tell slices and pairs apart. */
export const PALETTE = ['#1558b0', '#f08c00', '#2f9e44', '#7048e8', '#e03131', '#0c8599', '#a61e4d', '#5c940d', '#868e96'];

const AXIS_TEXT = { color: '#434343', fontSize: 12 } as const;
const LABEL_TEXT = { color: '#262626', fontSize: 12 } as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function tooltip(names: readonly string[], labels: readonly string[]): ChartOption['tooltip'] {
  return {
    trigger: 'item',
    confine: true,
    formatter: (p: unknown) => {
      const i = (p as { dataIndex: number }).dataIndex;
      return `${escapeHtml(names[i] ?? '')}<br/><b>${escapeHtml(labels[i] ?? '')}</b>`;
    },
  };
}

export interface BarInput {
  readonly names: readonly string[];
  /** The bar's length; null for an item without a value (drawn as none, its label still shown). */
  readonly values: readonly (number | null)[];
  /** The number as shown at the bar's end ("11 个", "70.2 万元", "95.0%"). */
  readonly labels: readonly string[];
  readonly seriesName: string;
  /** Bars open a list when clicked. */
  readonly drillable: boolean;
  /** A percentage axis from 0 to 100. */
  readonly percent?: boolean;
  /** Counts: no fractional ticks. */
  readonly integer?: boolean;
  readonly color?: string;
}

/** The height a horizontal bar chart of `n` items needs: 30 px a bar and room for the axis. */
export function barHeight(n: number): number {
  return Math.max(160, n * 30 + 48);
}

/** Horizontal bars, the first item on top. */
export function horizontalBars(input: BarInput): ChartOption {
  return {
    color: [input.color ?? PALETTE[0] ?? '#1558b0'],
    grid: { left: 8, right: 72, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: tooltip(input.names, input.labels),
    xAxis: {
      type: 'value',
      ...(input.percent === true ? { max: 100, axisLabel: { ...AXIS_TEXT, formatter: '{value}%' } } : { axisLabel: AXIS_TEXT }),
      ...(input.integer === true ? { minInterval: 1 } : {}),
      splitLine: { lineStyle: { type: 'dashed', color: '#e8e8e8' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: [...input.names],
      axisTick: { show: false },
      axisLabel: { ...AXIS_TEXT, width: 168, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: input.seriesName,
        data: input.values.map((v) => (v === null ? '-' : v)),
        barMaxWidth: 20,
        cursor: input.drillable ? 'pointer' : 'default',
        label: { show: true, position: 'right', ...LABEL_TEXT, formatter: (p: unknown) => input.labels[(p as { dataIndex: number }).dataIndex] ?? '' },
      },
    ],
  };
}

/** Vertical bars (years, a handful of groups with short names). */
export function verticalBars(input: BarInput): ChartOption {
  return {
    color: [input.color ?? PALETTE[0] ?? '#1558b0'],
    grid: { left: 8, right: 8, top: 28, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: tooltip(input.names, input.labels),
    xAxis: { type: 'category', data: [...input.names], axisTick: { show: false }, axisLabel: AXIS_TEXT },
    yAxis: { type: 'value', axisLabel: AXIS_TEXT, ...(input.integer === true ? { minInterval: 1 } : {}), splitLine: { lineStyle: { type: 'dashed', color: '#e8e8e8' } } },
    series: [
      {
        type: 'bar',
        name: input.seriesName,
        data: input.values.map((v) => (v === null ? '-' : v)),
        barMaxWidth: 48,
        cursor: input.drillable ? 'pointer' : 'default',
        label: { show: true, position: 'top', ...LABEL_TEXT, formatter: (p: unknown) => input.labels[(p as { dataIndex: number }).dataIndex] ?? '' },
      },
    ],
  };
}

export interface DonutInput {
  readonly names: readonly string[];
  readonly values: readonly number[];
  readonly labels: readonly string[];
  readonly seriesName: string;
  readonly drillable: boolean;
}

/**
 * A donut of the items above zero (a zero slice has no area and its label would sit on its neighbour's); `indexOf`
 * maps a slice clicked back to its item.
 */
export function donut(input: DonutInput): { option: ChartOption; indexOf: (slice: number) => number } {
  const shown = input.values.flatMap((v, i) => (v > 0 ? [i] : []));
  const names = shown.map((i) => input.names[i] ?? '');
  const labels = shown.map((i) => input.labels[i] ?? '');
  return {
    indexOf: (slice) => shown[slice] ?? -1,
    option: {
      color: shown.map((i) => PALETTE[i % PALETTE.length] ?? '#1558b0'),
      tooltip: tooltip(names, labels),
      series: [
        {
          type: 'pie',
          name: input.seriesName,
          radius: ['38%', '62%'],
          center: ['50%', '52%'],
          cursor: input.drillable ? 'pointer' : 'default',
          avoidLabelOverlap: true,
          minShowLabelAngle: 0,
          label: { ...LABEL_TEXT, formatter: (p: unknown) => `${names[(p as { dataIndex: number }).dataIndex] ?? ''}\n${labels[(p as { dataIndex: number }).dataIndex] ?? ''}`, lineHeight: 18 },
          labelLine: { length: 10, length2: 12 },
          data: shown.map((i) => ({ name: input.names[i] ?? '', value: input.values[i] ?? 0 })),
        },
      ],
    },
  };
}

export interface PairInput {
  readonly names: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly number[]; readonly labels: readonly string[] }[];
}

/** Horizontal bars side by side (预算投入, 实际投入 and 已发放 of each fund source), with a legend on top. */
export function pairedBars(input: PairInput): ChartOption {
  return {
    color: PALETTE.slice(0, Math.max(2, input.series.length)),
    legend: { top: 0, left: 'center', textStyle: AXIS_TEXT, itemWidth: 14, itemHeight: 10 },
    grid: { left: 8, right: 80, top: 32, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (p: unknown) => {
        const items = p as { dataIndex: number; seriesIndex: number; marker: string }[];
        const i = items[0]?.dataIndex ?? 0;
        const rows = items.map((it) => `${it.marker}${escapeHtml(input.series[it.seriesIndex]?.name ?? '')}：${escapeHtml(input.series[it.seriesIndex]?.labels[i] ?? '')}`);
        return [escapeHtml(input.names[i] ?? ''), ...rows].join('<br/>');
      },
    },
    xAxis: { type: 'value', axisLabel: AXIS_TEXT, splitLine: { lineStyle: { type: 'dashed', color: '#e8e8e8' } } },
    yAxis: { type: 'category', inverse: true, data: [...input.names], axisTick: { show: false }, axisLabel: { ...AXIS_TEXT, width: 168, overflow: 'truncate' } },
    series: input.series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      data: [...s.values],
      barMaxWidth: 18,
      barGap: '20%',
      label: { show: true, position: 'right' as const, ...LABEL_TEXT, formatter: (p: unknown) => s.labels[(p as { dataIndex: number }).dataIndex] ?? '' },
    })),
  };
}
