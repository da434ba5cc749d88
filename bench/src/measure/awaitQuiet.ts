import { sleep } from '../core/sleep.ts';
import { coreBusy, coreTimes } from './coreBusy.ts';

/**
 * Waits (up to maxWaitS) for a second in which both cores together are less than
 * `threshold` busy, so that a step does not start while other tenants load the machine.
 * Returns the seconds waited and the busy fraction of the last sampled second.
 */
export async function awaitQuiet(maxWaitS: number, threshold = 0.3): Promise<{ waitedS: number; busy: number }> {
  const t0 = performance.now();
  for (;;) {
    const before = coreTimes();
    await sleep(1000);
    const b = coreBusy(before, coreTimes());
    const busy = b.reduce((a, x) => a + x, 0) / (b.length || 1);
    const waitedS = (performance.now() - t0) / 1000;
    if (busy < threshold || waitedS >= maxWaitS) return { waitedS, busy };
  }
}
