import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** bench/results/, or PARLEY_BENCH_RESULTS_DIR (the CI smoke test writes to a temp dir). */
export const RESULTS_DIR = process.env.PARLEY_BENCH_RESULTS_DIR ?? new URL('../../results/', import.meta.url).pathname;

/** Appends one JSON line per run to bench/results/<scenario>.jsonl. */
export function appendResult(scenario: string, record: object): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  appendFileSync(path.join(RESULTS_DIR, `${scenario}.jsonl`), JSON.stringify(record) + '\n');
}

/** Writes the Markdown table of the latest run to bench/results/<scenario>.md and returns it. */
export function writeTable(scenario: string, markdown: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, `${scenario}.md`), markdown);
  return markdown;
}
