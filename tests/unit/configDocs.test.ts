// docs/configuration.md stays in step with apps/server/src/config.ts: every setting in
// DEFAULT_CONFIG and every PARLEY_* variable and CLI flag in the source is documented, the
// documented defaults are the real ones, and every documented file key and variable takes effect.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_CONFIG, loadConfig, resolveConfig } from '@parley/server';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
const CONFIG_SRC = readFileSync(join(ROOT, 'apps', 'server', 'src', 'config.ts'), 'utf8');
const CLI_SRC = readFileSync(join(ROOT, 'apps', 'server', 'src', 'cli.ts'), 'utf8');

/** DEFAULT_CONFIG fields whose file key is not their snake_case path. */
const FILE_KEY_ALIASES: Record<string, string[]> = {
  registration: ['registration.mode'],
  registrationTokens: ['registration.tokens'],
  ephemeral: ['--ephemeral'],
  tls: ['tls.cert', 'tls.key'],
};

const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Leaves of DEFAULT_CONFIG as [camelPath, value]; arrays and null are leaves. */
function leaves(obj: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  return Object.entries(obj).flatMap(([k, v]): Array<[string, unknown]> => {
    const path = prefix ? `${prefix}.${k}` : k;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v as Record<string, unknown>, path) : [[path, v]];
  });
}

interface SettingRow {
  key: string;
  env: string[];
  defaultCell: string;
}

/** Rows of the settings table: | `file.key` | `PARLEY_X`, `--flag` | `default` | meaning |. */
function settingRows(): SettingRow[] {
  const rows: SettingRow[] = [];
  for (const line of DOC.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6) continue;
    const key = /^`([a-z0-9_.]+)`$/.exec(cells[1]!)?.[1];
    if (!key) continue;
    rows.push({ key, env: [...cells[2]!.matchAll(/`(PARLEY_[A-Z0-9_]+)`/g)].map((m) => m[1]!), defaultCell: cells[3]! });
  }
  return rows;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = target;
  for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
  o[parts.at(-1)!] = value;
}

/** A file value for the key that differs from its default. */
function sampleFileValue(key: string, def: unknown): Record<string, unknown> {
  const file: Record<string, unknown> = {};
  if (key.startsWith('tls.')) return { tls: { cert: '/tmp/cert.pem', key: '/tmp/key.pem' } };
  if (key === 'policies') return { policies: [{ id: 'coc', version: '1', name: 'Code of Conduct', url: 'https://example.org/coc' }] };
  if (key === 'registration.mode') return { registration: { mode: 'closed' } };
  if (key === 'registration.tokens') return { registration: { tokens: ['sample-token'] } };
  if (key === 'access_token_lifetime_ms') return { access_token_lifetime_ms: 60_000 };
  if (key === 'media.store') return { media: { store: 's3' } };
  const value = typeof def === 'number' ? def + 7 : typeof def === 'boolean' ? !def : Array.isArray(def) ? ['sample'] : 'sample-value';
  setPath(file, key, value);
  return file;
}

const SAMPLE_ENV: Record<string, string> = {
  PARLEY_PORT: '1234',
  PARLEY_MAX_CONNECTIONS_PER_IP: '7',
  PARLEY_RATE_LIMITS_ENABLED: 'false',
  PARLEY_REGISTRATION: 'closed',
  PARLEY_PRESENCE_ENABLED: 'false',
  PARLEY_PUSH_ENABLED: 'false',
};

describe('docs/configuration.md', () => {
  const rows = settingRows();
  const byKey = new Map(rows.map((r) => [r.key, r]));

  it('documents every setting in DEFAULT_CONFIG', () => {
    const missing: string[] = [];
    for (const [path] of leaves(DEFAULT_CONFIG as unknown as Record<string, unknown>)) {
      const keys = FILE_KEY_ALIASES[path] ?? [path.split('.').map(snake).join('.')];
      for (const k of keys) if (!byKey.has(k.replace(/^--/, '')) && !DOC.includes(`\`${k}\``)) missing.push(`${path} (as \`${k}\`)`);
    }
    assert.deepEqual(missing, []);
  });

  it('gives the real defaults', () => {
    const wrong: string[] = [];
    for (const [path, value] of leaves(DEFAULT_CONFIG as unknown as Record<string, unknown>)) {
      if (FILE_KEY_ALIASES[path] && path !== 'ephemeral' && path !== 'registration') continue;
      const key = path === 'registration' ? 'registration.mode' : path.split('.').map(snake).join('.');
      const row = byKey.get(key);
      if (!row) continue; // reported by the test above
      const expected = `\`${typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value)}\``;
      if (!row.defaultCell.startsWith(expected)) wrong.push(`${key}: doc says ${row.defaultCell}, code says ${expected}`);
    }
    for (const key of ['tls.cert', 'tls.key']) if (byKey.get(key)?.defaultCell !== '`null`') wrong.push(`${key} should default to \`null\``);
    assert.deepEqual(wrong, []);
  });

  it('documents every PARLEY_* variable in config.ts and cli.ts', () => {
    const names = new Set([...`${CONFIG_SRC}\n${CLI_SRC}`.matchAll(/PARLEY_[A-Z0-9_]+/g)].map((m) => m[0]));
    assert.ok(names.size >= 8, `expected to find the PARLEY_* names in config.ts, found ${[...names].join(', ')}`);
    const missing = [...names].filter((n) => !DOC.includes(`\`${n}\``));
    assert.deepEqual(missing, []);
  });

  it('documents every command-line flag of the CLI', () => {
    const block = /options:\s*\{([\s\S]*?)\n\s{4}\},/.exec(CLI_SRC)?.[1] ?? '';
    const flags = [...block.matchAll(/^\s*'?([a-z][a-z-]*)'?\s*:\s*\{\s*type:/gm)].map((m) => m[1]!);
    assert.ok(flags.length >= 5, `could not read the parseArgs options from cli.ts (found ${flags.join(', ')})`);
    const missing = flags.filter((f) => !DOC.includes(`\`--${f}`));
    assert.deepEqual(missing, []);
  });

  it('every documented file key changes the resolved configuration', () => {
    const base = resolveConfig({});
    const defaults = new Map(leaves(DEFAULT_CONFIG as unknown as Record<string, unknown>).map(([p, v]) => [p.split('.').map(snake).join('.'), v]));
    const inert: string[] = [];
    for (const row of rows) {
      if (row.key === 'ephemeral') continue; // not a file key: --ephemeral only
      const file = sampleFileValue(row.key, defaults.get(row.key));
      if (JSON.stringify(resolveConfig(file)) === JSON.stringify(base)) inert.push(row.key);
    }
    assert.ok(rows.length >= 20, `expected the settings table, found ${rows.length} rows`);
    assert.deepEqual(inert, [], 'these documented keys have no effect: misspelled in the doc, or not read by resolveConfig');
  });

  it('every documented environment variable changes the resolved configuration', () => {
    const base = resolveConfig({});
    const inert: string[] = [];
    const envNames = rows.flatMap((r) => r.env);
    assert.ok(envNames.length >= 8);
    for (const name of envNames) {
      const changed = resolveConfig({}, { [name]: SAMPLE_ENV[name] ?? 'sample-value' });
      if (JSON.stringify(changed) === JSON.stringify(base)) inert.push(name);
    }
    assert.deepEqual(inert, []);
  });

  it('environment overrides the file, and flags override both', () => {
    const c = resolveConfig({ server_name: 'file.example', port: 1111 }, { PARLEY_SERVER_NAME: 'env.example', PARLEY_PORT: '2222' }, { port: 3333 });
    assert.equal(c.serverName, 'env.example');
    assert.equal(c.port, 3333);
    assert.equal(c.publicBaseUrl, 'http://env.example:3333');
  });

  it('PARLEY_CONFIG names the file to read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const path = join(dir, 'custom.yaml');
      writeFileSync(path, 'server_name: from-file.example\n');
      assert.equal(loadConfig({}, { PARLEY_CONFIG: path }).serverName, 'from-file.example');
      assert.throws(() => loadConfig({ configPath: join(dir, 'missing.yaml') }, {}), /config file not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parley.example.yaml uses only documented keys and shows the defaults', () => {
    const example = parseYaml(readFileSync(join(ROOT, 'parley.example.yaml'), 'utf8')) as Record<string, unknown>;
    const keys = leaves(example).map(([p]) => p);
    const documented = (k: string): boolean => byKey.has(k) || [...byKey.keys()].some((d) => k.startsWith(`${d}.`) || d.startsWith(`${k}.`));
    assert.deepEqual(
      keys.filter((k) => !documented(k)),
      [],
    );
    // The example claims to show the defaults: it must resolve to exactly the default configuration.
    assert.deepEqual(resolveConfig(example), resolveConfig({}));
  });
});
