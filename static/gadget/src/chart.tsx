/**
 * A small accessible chart of the gadget's own (no chart library): weekly or monthly columns as stacked bars, and
 * lines on a second axis, drawn in SVG at the width the gadget's column gives it. Colours are Atlassian's chart
 * tokens (gadget.css), so light and dark follow the theme. Every chart is a <figure> whose SVG has a text summary,
 * each column a tooltip with its figures, and "Show as table" opens the same figures as a table.
 */
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useI18n } from '@ui/i18n/i18n-context';
import { NONE, ticksFor } from './format';

export interface ChartSeries {
  key: string;
  label: string;
  /** `kz-c-<name>` in gadget.css: the series' colour. */
  tone: string;
  values: ReadonlyArray<number | null>;
  format: (value: number | null) => string;
}

export interface ChartProps {
  testId: string;
  title: string;
  /** One sentence for people who cannot see the chart (the SVG's accessible name). */
  summary: string;
  /** The columns: a short label under the axis and the full one in tooltips and the table. */
  columns: ReadonlyArray<{ short: string; full: string }>;
  /** The first column of the table ("Week of", "Month"). */
  columnHeading: string;
  /** Stacked from the bottom, counted on their own axis. */
  bars?: ChartSeries[];
  /** Durations on the left axis when there are bars, drawn over them. */
  lines?: ChartSeries[];
  lineAxis?: { format: (value: number) => string };
  /** Extra table columns that the chart does not draw (e.g. a total). */
  tableOnly?: ChartSeries[];
  height?: number;
}

/** The width the element is given, following resizes (a dashboard column grows and shrinks). */
function useWidth<T extends HTMLElement>(initial: number): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(200, Math.floor(element.getBoundingClientRect().width)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Approximate text width at the axis' 11px: CJK glyphs are about square, Latin ones narrower. */
const textWidth = (text: string): number => [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 11 : 6.4), 0);

export function Chart({ testId, title, summary, columns, columnHeading, bars = [], lines = [], lineAxis, tableOnly = [], height = 168 }: ChartProps) {
  const { t } = useI18n();
  const [ref, width] = useWidth<HTMLDivElement>(480);
  const titleId = useId();
  const descId = useId();
  const n = columns.length;

  const barTotals = columns.map((_, i) => bars.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const countTicks = ticksFor(Math.max(0, ...barTotals), 'count');
  const lineMax = Math.max(0, ...lines.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const lineTicks = lines.length ? ticksFor(lineMax, 'duration') : [];
  const leftTicks = lines.length ? lineTicks : countTicks;
  const leftFormat = lines.length && lineAxis ? lineAxis.format : (v: number) => String(v);
  const showRight = lines.length > 0 && bars.length > 0;

  const margin = {
    top: 8,
    bottom: 22,
    left: Math.ceil(Math.max(...leftTicks.map((v) => textWidth(leftFormat(v))))) + 10,
    right: showRight ? Math.ceil(Math.max(...countTicks.map((v) => textWidth(String(v))))) + 10 : 8,
  };
  const plotW = Math.max(40, width - margin.left - margin.right);
  const plotH = height - margin.top - margin.bottom;
  const band = plotW / Math.max(1, n);
  const barW = Math.max(2, Math.min(28, band * 0.62));
  const xMid = (i: number) => margin.left + band * (i + 0.5);
  const yOf = (value: number, ticks: number[]) => margin.top + plotH - (value / Math.max(1, ticks[ticks.length - 1] ?? 1)) * plotH;
  const barTicks = lines.length ? countTicks : leftTicks;

  // as many labels under the axis as fit, evenly spread, the first always
  const labelWidth = Math.max(...columns.map((c) => textWidth(c.short)), 1) + 10;
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / labelWidth))));

  const tooltip = (i: number): string =>
    [columns[i]?.full ?? '', ...[...bars, ...lines, ...tableOnly].map((s) => `${s.label}: ${s.format(s.values[i] ?? null)}`)].join('\n');

  return (
    <figure className="kz-chart" data-testid={testId}>
      <figcaption className="kz-chart__head">
        <h3 className="kz-h3" id={titleId}>
          {title}
        </h3>
        <ul className="kz-legend" aria-hidden="true">
          {[...bars, ...lines].map((s) => (
            <li key={s.key}>
              <span className={`kz-swatch ${lines.includes(s) ? 'kz-swatch--line' : ''} ${s.tone}`} />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <div ref={ref} className="kz-chart__plot">
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId} aria-describedby={descId} data-testid={`${testId}-svg`}>
          <desc id={descId}>{summary}</desc>
          {leftTicks.map((v) => {
            const y = yOf(v, leftTicks);
            return (
              <g key={`l${v}`} className="kz-axis">
                <line className={v === 0 ? 'kz-axis__base' : 'kz-axis__grid'} x1={margin.left} x2={margin.left + plotW} y1={y} y2={y} />
                <text x={margin.left - 6} y={y} dy="0.32em" textAnchor="end">
                  {leftFormat(v)}
                </text>
              </g>
            );
          })}
          {showRight
            ? countTicks.map((v) => (
                <text key={`r${v}`} className="kz-axis" x={margin.left + plotW + 6} y={yOf(v, countTicks)} dy="0.32em" textAnchor="start">
                  {v}
                </text>
              ))
            : null}
          {columns.map((c, i) => {
            let base = 0;
            return (
              <g key={c.full} data-testid={`${testId}-column`} data-column={c.full}>
                <title>{tooltip(i)}</title>
                <rect className="kz-chart__hit" x={margin.left + band * i} y={margin.top} width={band} height={plotH} />
                {bars.map((s) => {
                  const v = s.values[i] ?? 0;
                  if (v <= 0) return null;
                  const y0 = yOf(base, barTicks);
                  base += v;
                  const y1 = yOf(base, barTicks);
                  return <rect key={s.key} className={`kz-bar ${s.tone}`} x={xMid(i) - barW / 2} y={y1} width={barW} height={Math.max(1, y0 - y1)} rx={Math.min(2, barW / 4)} />;
                })}
                {i % every === 0 ? (
                  <text className="kz-axis" x={xMid(i)} y={height - 6} textAnchor="middle">
                    {c.short}
                  </text>
                ) : null}
              </g>
            );
          })}
          {lines.map((s) => (
            <g key={s.key} className={`kz-line ${s.tone}`}>
              {segments(s.values).map((seg) => (
                <polyline key={seg[0]} points={seg.map((i) => `${xMid(i)},${yOf(s.values[i]!, lineTicks)}`).join(' ')} />
              ))}
              {s.values.map((v, i) => (v === null ? null : <circle key={i} cx={xMid(i)} cy={yOf(v, lineTicks)} r={n > 26 ? 2 : 3} />))}
            </g>
          ))}
        </svg>
      </div>
      <details className="kz-chart__table">
        <summary data-testid={`${testId}-show-table`}>{t('gadget.chart.showTable')}</summary>
        <ChartTable testId={`${testId}-table`} columns={columns} columnHeading={columnHeading} series={[...bars, ...tableOnly, ...lines]} />
      </details>
    </figure>
  );
}

/** Runs of consecutive non-null values, as index lists: a line breaks where a week has no value. */
function segments(values: ReadonlyArray<number | null>): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) out.push(run);
      run = [];
    } else run.push(i);
  });
  if (run.length) out.push(run);
  return out.filter((r) => r.length > 1);
}

function ChartTable({ testId, columns, columnHeading, series }: { testId: string; columns: ChartProps['columns']; columnHeading: string; series: ChartSeries[] }) {
  return (
    <div className="kz-scroll">
      <table className="kz-table kz-table--compact" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{columnHeading}</th>
            {series.map((s) => (
              <th key={s.key} scope="col" className="kz-num">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {columns.map((c, i) => (
            <tr key={c.full}>
              <th scope="row">{c.full}</th>
              {series.map((s) => (
                <td key={s.key} className="kz-num" data-testid={`${testId}-${s.key}`}>
                  {s.values[i] === undefined ? NONE : s.format(s.values[i] ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A section of the gadget: a heading, an optional line under it, the content. */
export function Section({ id, title, intro, testId, children }: { id: string; title: string; intro?: string; testId: string; children: ReactNode }) {
  return (
    <section className="kz-gsection" aria-labelledby={id} data-testid={testId}>
      <div className="kz-gsection__head">
        <h2 className="kz-h2" id={id}>
          {title}
        </h2>
        {intro ? <p className="kz-small kz-subtle">{intro}</p> : null}
      </div>
      {children}
    </section>
  );
}
