/**
 * One ECharts chart in a React tree: created on mount (SVG renderer, Chinese locale), given its option on every
 * change, resized with its box, disposed on unmount. Only the pieces the statistics page draws are registered
 * (bar and pie charts, grid, tooltip, legend, aria), imported from `echarts/core` so the bundle holds nothing else;
 * the page is loaded on demand, so none of it reaches the rest of the workbench.
 *
 * `aria` is always on, with the caller's description (the chart's numbers as a sentence) as the container's
 * accessible name (role img); the data table beside each chart is the full text alternative.
 */
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use as registerCharts, type ComposeOption, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

registerCharts([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption>;

/** The item clicked: its index in the data and the series it belongs to. */
export interface ChartClick {
  readonly dataIndex: number;
  readonly seriesIndex: number;
}

export function EChart({
  option,
  height,
  description,
  onItemClick,
}: {
  readonly option: ChartOption;
  readonly height: number;
  /** The accessible name: what the chart shows, with its numbers. */
  readonly description: string;
  readonly onItemClick?: (click: ChartClick) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const onClick = useRef(onItemClick);

  useEffect(() => {
    onClick.current = onItemClick;
  }, [onItemClick]);

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const c = init(el, null, { renderer: 'svg', locale: 'ZH' });
    chart.current = c;
    c.on('click', (params) => {
      if (typeof params.dataIndex === 'number') onClick.current?.({ dataIndex: params.dataIndex, seriesIndex: params.seriesIndex ?? 0 });
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ ...option, aria: { enabled: true, label: { description } } }, { notMerge: true });
  }, [option, description]);

  return <div ref={box} style={{ width: '100%', height }} data-testid="echart" />;
}
