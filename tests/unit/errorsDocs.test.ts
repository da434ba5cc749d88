// docs/errors.md stays in step with the code: every errcode in ERRCODE_STATUS is documented with
// its status, every errcode the server source mentions is in the table and the doc, and codes the
// source emits are not described as "Reserved".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ERRCODE_STATUS } from '@parley/protocol';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');

interface DocRow {
  errcode: string;
  status: number;
  text: string;
}

/** Table rows of the form | `M_X` | 403 | text |. */
function docRows(doc: string): DocRow[] {
  const rows: DocRow[] = [];
  for (const line of doc.split('\n')) {
    const m = /^\|\s*`(M_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|(.*)\|\s*$/.exec(line);
    if (m) rows.push({ errcode: m[1]!, status: Number(m[2]), text: m[3]!.trim() });
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** errcode string literals ('M_...' or "M_...") in the server source, with the files that use them. */
function errcodesInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(join(ROOT, 'apps', 'server', 'src'))) {
    const text = readFileSync(file, 'utf8');
    const rel = file.slice(ROOT.length + 1);
    for (const m of text.matchAll(/['"`](M_[A-Z_]+)['"`]/g)) {
      const list = found.get(m[1]!) ?? [];
      if (!list.includes(rel)) list.push(rel);
      found.set(m[1]!, list);
    }
  }
  return found;
}

describe('docs/errors.md', () => {
  const rows = docRows(DOC);

  it('has a table row for every errcode the server knows', () => {
    assert.ok(rows.length > 0, 'no table rows found in docs/errors.md');
    const documented = new Set(rows.map((r) => r.errcode));
    const missing = Object.keys(ERRCODE_STATUS).filter((code) => !documented.has(code));
    assert.deepEqual(missing, [], `add these errcodes to docs/errors.md: ${missing.join(', ')}`);
  });

  it('gives each errcode the status from ERRCODE_STATUS', () => {
    const table = ERRCODE_STATUS as Record<string, number>;
    const wrong = rows.filter((r) => table[r.errcode] !== r.status).map((r) => `${r.errcode}: doc says ${r.status}, table says ${table[r.errcode] ?? 'nothing'}`);
    assert.deepEqual(wrong, []);
  });

  it('documents no errcode the server does not know', () => {
    const unknown = rows.filter((r) => !Object.prototype.hasOwnProperty.call(ERRCODE_STATUS, r.errcode)).map((r) => r.errcode);
    assert.deepEqual(unknown, [], 'add these to packages/protocol/src/errcodes.ts or remove them from the doc');
  });

  it('knows and documents every errcode used in apps/server/src', () => {
    const used = errcodesInSource();
    assert.ok(used.size > 0, 'the scan found no errcodes at all');
    const documented = new Set(rows.map((r) => r.errcode));
    const problems: string[] = [];
    for (const [code, files] of used) {
      if (!Object.prototype.hasOwnProperty.call(ERRCODE_STATUS, code)) problems.push(`${code} (in ${files.join(', ')}) is not in ERRCODE_STATUS`);
      if (!documented.has(code)) problems.push(`${code} (in ${files.join(', ')}) is not in docs/errors.md`);
    }
    assert.deepEqual(problems, []);
  });

  it('mentions every status a call site sends instead of the table status', () => {
    // new MatrixError('M_X', '...', {}, 409): the doc row for M_X must name 409.
    const missing: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'apps', 'server', 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/MatrixError\(\s*'(M_[A-Z_]+)'[^;\n]*\{\},\s*(\d{3})\s*\)/g)) {
        const [code, status] = [m[1]!, Number(m[2])];
        if (status === (ERRCODE_STATUS as Record<string, number>)[code]) continue;
        const documented = rows.some((r) => r.errcode === code && r.text.includes(String(status)));
        if (!documented) missing.push(`${code} ${status} (${file.slice(ROOT.length + 1)})`);
      }
    }
    assert.deepEqual(missing, [], 'say in docs/errors.md when these codes travel with another status');
  });

  it('describes no emitted errcode as reserved', () => {
    const used = errcodesInSource();
    const stale = rows.filter((r) => r.text.startsWith('Reserved') && used.has(r.errcode)).map((r) => `${r.errcode} (used in ${used.get(r.errcode)!.join(', ')})`);
    assert.deepEqual(stale, [], 'these codes are emitted now: say when, instead of "Reserved"');
  });
});
