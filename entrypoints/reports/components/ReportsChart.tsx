/**
 * One uPlot chart in a <figure>: the canvas is an image whose text alternative (`summary`) gives the
 * figures, and the legend is plain HTML (uPlot's own legend and cursor are off: they are mouse-only).
 * The chart is created once and fed new data with setData; it follows its container's width.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface LegendItem {
  label: string;
  color: string;
}

interface Props {
  id: string;
  title: string;
  summary: string;
  legend: LegendItem[];
  /** Options without width/height (set from the container). */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height?: number;
  /** The chart is rebuilt (options read again) when this changes; otherwise only its data is replaced. */
  rebuildKey?: string;
}

/** A bars path builder for uPlot series. */
export function bars(): uPlot.Series.PathBuilder | undefined {
  return uPlot.paths.bars?.({ size: [0.7, 60], gap: 1 });
}

/** A chart figure. */
export function ReportsChart({ id, title, summary, legend, options, data, height = 220, rebuildKey = '' }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = `${options.series.length}:${rebuildKey}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = new uPlot({ ...options, width: Math.max(200, el.clientWidth), height, legend: { show: false }, cursor: { show: false } }, data, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Options are rebuilt on every render; the chart is rebuilt only when its series change.
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div ref={box} class="plot" role="img" aria-label={summary} />
      <ul class="legend" aria-hidden="true">
        {legend.map((l) => (
          <li key={l.label}><span class="swatch" style={{ background: l.color }} />{l.label}</li>
        ))}
      </ul>
    </figure>
  );
}
