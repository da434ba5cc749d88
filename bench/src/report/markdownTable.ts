export type Cell = string | number | null | undefined;

const fmt = (v: Cell): string => {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '—';
    if (Number.isInteger(v)) return String(v);
    return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
  return v;
};

/** A GitHub-flavoured Markdown table. */
export function markdownTable(header: string[], rows: Cell[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(fmt).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

/** "x1.23" style ratio of value to the baseline; null when either side is missing. */
export function ratio(value: number | null | undefined, baseline: number | null | undefined): string | null {
  if (value == null || baseline == null || baseline === 0 || !Number.isFinite(value) || !Number.isFinite(baseline)) return null;
  return `×${(value / baseline).toFixed(2)}`;
}
