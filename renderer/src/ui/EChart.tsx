/**
 * One ECharts chart, for the lead's dashboard and the QA report alike. Only the charts and components those use are
 * registered from 'echarts/core' (a small bundle), and the canvas renderer needs no eval or inline script, so charts
 * run under the page's strict CSP. The chart resizes with its box and is disposed with the component.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** An option built only from what is registered above, so a chart type that would not draw fails the typecheck. */
export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

interface Props {
  option: ChartOption;
  testId: string;
  /** CSS height; the width follows the container. */
  height?: string | number;
  /**
   * What the chart shows, in words: read by screen readers instead of the canvas. Leave it out where a visible
   * caption (a figcaption) already names the chart.
   */
  label?: string;
}

export function EChart({ option, testId, height = '14rem', label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="ws-chart" style={{ height }} {...(label === undefined ? {} : { role: 'img', 'aria-label': label })} data-testid={testId} />;
}
