/**
 * One ECharts chart. Only the charts and components the dashboard uses are registered from 'echarts/core' (a small
 * bundle), and the canvas renderer needs no eval, so charts run under the page's strict CSP. The chart resizes with
 * its box and is disposed with the component; the container carries a text alternative for screen readers.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

interface Props {
  option: ChartOption;
  /** What the chart shows, in words (read by screen readers instead of the canvas). */
  label: string;
  testId: string;
  height?: string;
}

export function EChart({ option, label, testId, height = '14rem' }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'canvas' });
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

  return <div ref={box} className="ws-lead-chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}
