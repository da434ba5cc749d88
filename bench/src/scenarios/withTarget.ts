import { makeTarget, targetMissing } from '../targets/targetByName.ts';
import type { Target } from '../targets/Target.ts';
import type { ScenarioContext } from './ScenarioContext.ts';

/**
 * Runs `fn` against each named target in turn: starts it pinned to the server core, always
 * stops it. A target that cannot run here is reported through `onMissing` and skipped.
 */
export async function forEachTarget<T>(
  ctx: ScenarioContext,
  names: readonly string[],
  fn: (t: Target) => Promise<T>,
  onMissing: (name: string, reason: string) => void,
): Promise<void> {
  for (const name of names) {
    const missing = await targetMissing(name);
    if (missing) {
      ctx.log(`- ${name}: not available (${missing})`);
      onMissing(name, missing);
      continue;
    }
    const target = makeTarget(name);
    ctx.log(`- ${name}: starting`);
    try {
      await target.start();
      await fn(target);
    } catch (e) {
      ctx.log(`- ${name}: failed: ${(e as Error).stack ?? String(e)}`);
      onMissing(name, `failed: ${(e as Error).message}`);
    } finally {
      await target.stop().catch(() => undefined);
    }
  }
}
