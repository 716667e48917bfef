// Small SVG charts: enough for a dashboard, no charting library.
const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea'];

export interface Series {
  name: string;
  values: (number | null)[];
}

/** Grouped bars: one group per label, one bar per series; values are percents (0–100). */
export function GroupedBars({ labels, series, max = 100, unit = '%', title }: { labels: string[]; series: Series[]; max?: number; unit?: string; title: string }) {
  const rowH = 14 * series.length + 10;
  const labelW = 70;
  const width = 520;
  const plotW = width - labelW - 50;
  const height = Math.max(rowH * labels.length + 24, 60);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
        {labels.map((label, i) => (
          <g key={label} transform={`translate(0, ${i * rowH + 4})`}>
            <text x={labelW - 6} y={rowH / 2} textAnchor="end" dominantBaseline="middle" className="chart-label">
              {label}
            </text>
            {series.map((s, j) => {
              const v = s.values[i];
              const w = v === null || v === undefined ? 0 : Math.max(1, (Math.min(v, max) / max) * plotW);
              return (
                <g key={s.name}>
                  <rect x={labelW} y={j * 14 + 2} width={w} height={11} fill={COLORS[j % COLORS.length]} rx={2} />
                  <text x={labelW + w + 4} y={j * 14 + 8} dominantBaseline="middle" className="chart-value">
                    {v === null || v === undefined ? '—' : `${v.toFixed(unit === '%' ? 1 : 0)}${unit}`}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </figure>
  );
}

/** Lines over time (e.g. months); missing points break nothing, they are skipped. */
export function Lines({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const width = 520;
  const height = 200;
  // The last month's label is centred on the right edge of the plot: the right margin holds its half.
  const pad = { l: 40, r: 32, t: 10, b: 28 };
  const all = series.flatMap((s) => s.values.filter((v): v is number => typeof v === 'number'));
  const max = Math.max(1, ...all);
  const x = (i: number) => pad.l + (labels.length <= 1 ? 0 : (i / (labels.length - 1)) * (width - pad.l - pad.r));
  const y = (v: number) => height - pad.b - (v / max) * (height - pad.t - pad.b);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
        <line x1={pad.l} y1={height - pad.b} x2={width - pad.r} y2={height - pad.b} className="axis" />
        <text x={pad.l - 6} y={y(max)} textAnchor="end" dominantBaseline="middle" className="chart-value">
          {max}
        </text>
        <text x={pad.l - 6} y={y(0)} textAnchor="end" dominantBaseline="middle" className="chart-value">
          0
        </text>
        {labels.map((l, i) => (
          <text key={l} x={x(i)} y={height - 8} textAnchor="middle" className="chart-label">
            {l}
          </text>
        ))}
        {series.map((s, j) => {
          const pts = s.values.map((v, i) => (typeof v === 'number' ? `${x(i)},${y(v)}` : null)).filter(Boolean);
          return (
            <g key={s.name}>
              <polyline points={pts.join(' ')} fill="none" stroke={COLORS[j % COLORS.length]} strokeWidth={2} />
              {s.values.map((v, i) => (typeof v === 'number' ? <circle key={i} cx={x(i)} cy={y(v)} r={3} fill={COLORS[j % COLORS.length]} /> : null))}
            </g>
          );
        })}
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </figure>
  );
}

function Legend({ names }: { names: string[] }) {
  return (
    <figcaption className="legend">
      {names.map((n, j) => (
        <span key={n}>
          <i style={{ background: COLORS[j % COLORS.length] }} />
          {n}
        </span>
      ))}
    </figcaption>
  );
}
