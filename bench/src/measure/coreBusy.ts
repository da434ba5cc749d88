import { readFileSync } from 'node:fs';

export interface CoreTimes {
  busy: number;
  total: number;
}

/** Jiffies per core from /proc/stat (busy excludes idle and iowait). */
export function coreTimes(): CoreTimes[] {
  const out: CoreTimes[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const v = m[2]!.split(/\s+/).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    out[Number(m[1])] = { busy: total - idle, total };
  }
  return out;
}

/** Busy fraction (0..1) of each core between two snapshots. */
export function coreBusy(before: CoreTimes[], after: CoreTimes[]): number[] {
  return after.map((a, i) => {
    const b = before[i];
    if (!b) return 0;
    const dt = a.total - b.total;
    return dt > 0 ? (a.busy - b.busy) / dt : 0;
  });
}
