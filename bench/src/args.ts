/** `--name value` and `--flag` options after the scenario name. */
export class Args {
  private readonly map = new Map<string, string>();
  readonly positional: string[] = [];

  constructor(argv: readonly string[]) {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a.startsWith('--')) {
        const eq = a.indexOf('=');
        if (eq > 0) this.map.set(a.slice(2, eq), a.slice(eq + 1));
        else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) this.map.set(a.slice(2), argv[++i]!);
        else this.map.set(a.slice(2), 'true');
      } else this.positional.push(a);
    }
  }

  num(name: string, dflt: number): number {
    const v = this.map.get(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${v}`);
    return n;
  }

  str(name: string, dflt: string): string {
    return this.map.get(name) ?? dflt;
  }

  list(name: string, dflt: readonly string[]): string[] {
    const v = this.map.get(name);
    return v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [...dflt];
  }

  flag(name: string): boolean {
    return this.map.get(name) === 'true';
  }
}
