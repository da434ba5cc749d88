import { DeliveryTracker, type DeliveryStats } from './DeliveryTracker.ts';
import { mapLimit } from './mapLimit.ts';
import { makePayload, parsePayload } from './payload.ts';
import { rng } from './rng.ts';
import { sleep, waitUntil } from './sleep.ts';
import type { Topology } from './topology.ts';
import { withTimeout } from './withTimeout.ts';
import { awaitQuiet } from '../measure/awaitQuiet.ts';
import { coreBusy, coreTimes } from '../measure/coreBusy.ts';
import { treeCpuMicros, treeRssBytes } from '../measure/procTree.ts';
import { DRIVER_CORE, SERVER_CORE } from '../targets/spawnPinned.ts';
import type { ChatClient, Target } from '../targets/Target.ts';

/** A driver core busier than this makes the step invalid (the driver, not the server, was the limit). */
export const DRIVER_BUSY_LIMIT = 0.8;

export interface StepOptions {
  /** Offered messages per second (Poisson arrivals). */
  rate: number;
  warmupS: number;
  measureS: number;
  /** How long to wait for outstanding deliveries after the last send. */
  drainS: number;
  seed?: number;
}

export interface StepResult extends DeliveryStats {
  offeredRate: number;
  /** Deliveries per second received during the measure window. */
  deliveriesPerSec: number;
  serverCpuMicros: number;
  cpuMicrosPerDelivery: number | null;
  serverCoreBusy: number;
  /** Server-core busy time not charged to the target's process tree (other tenants of the machine). */
  foreignServerCoreBusy: number;
  driverCoreBusy: number;
  driverCpuBusy: number;
  serverRssBytes: number;
  lateFromEarlierStep: number;
  /** Seconds waited for the machine to go quiet before the step, and its load then (0..1, both cores). */
  quietWaitS: number;
  loadBeforeStep: number;
  valid: boolean;
  invalidReason?: string;
}

/** All users of one topology connected to one target, ready to take open-loop load steps. */
export class LoadSession {
  private tracker?: DeliveryTracker;
  private stepStart = Infinity;
  private late = 0;
  readonly clients: ChatClient[];
  /** Seconds spent preparing accounts/rooms, connecting and joining. */
  readonly setup = { prepareS: 0, connectS: 0, joinS: 0 };

  private constructor(
    readonly target: Target,
    readonly topo: Topology,
  ) {
    this.clients = Array.from({ length: topo.users }, (_, u) => target.client(u, (r, b) => this.onBody(r, b)));
  }

  /** Prepares accounts/rooms, connects every user and joins their rooms. */
  static async open(target: Target, topo: Topology, log: (s: string) => void, concurrency = 100): Promise<LoadSession> {
    const s = new LoadSession(target, topo);
    let t = performance.now();
    await target.prepare(topo);
    s.setup.prepareS = (performance.now() - t) / 1000;
    log(`  prepared in ${s.setup.prepareS.toFixed(1)} s`);
    t = performance.now();
    const limit = Number(process.env.PARLEY_BENCH_SETUP_TIMEOUT_S ?? 600) * 1000;
    await withTimeout(
      mapLimit(s.clients, concurrency, async (c) => {
        // A peer may reset a connection under a connect burst: retry twice before failing.
        for (let attempt = 1; ; attempt++) {
          try {
            return await c.connect();
          } catch (e) {
            c.close();
            if (attempt >= 3) throw e;
            await sleep(200 * attempt);
          }
        }
      }),
      limit,
      'connecting users',
    );
    s.setup.connectS = (performance.now() - t) / 1000;
    log(`  ${topo.users} connected in ${s.setup.connectS.toFixed(1)} s`);
    t = performance.now();
    await withTimeout(
      mapLimit(s.clients, concurrency, (c, u) => c.join(topo.roomsOf[u]!)),
      limit,
      'joining rooms',
    );
    s.setup.joinS = (performance.now() - t) / 1000;
    log(`  joined in ${s.setup.joinS.toFixed(1)} s`);
    await sleep(1000);
    return s;
  }

  private onBody(receiver: number, body: string): void {
    const p = parsePayload(body);
    if (!p || p.sender === receiver) return;
    if (p.tSched < this.stepStart) {
      this.late++;
      return;
    }
    this.tracker?.deliver(receiver, p, performance.now());
  }

  /** One open-loop step: Poisson sends at scheduled times regardless of replies. */
  async step(o: StepOptions): Promise<StepResult> {
    const { topo } = this;
    const quiet = await awaitQuiet(Number(process.env.PARLEY_BENCH_QUIET_WAIT_S ?? 60));
    const tracker = new DeliveryTracker(topo.members.map((m) => m.length));
    const next = rng(o.seed ?? 7);
    const seqs = topo.members.map(() => 0);
    const sendable = topo.members.map((m, r) => (m.length > 1 ? r : -1)).filter((r) => r >= 0);
    const t0 = performance.now() + 50;
    const windowStart = t0 + o.warmupS * 1000;
    const windowEnd = windowStart + o.measureS * 1000;
    tracker.setWindow(windowStart, windowEnd);
    this.tracker = tracker;
    this.stepStart = t0 - 1;
    this.late = 0;

    let tNext = t0;
    const pids = this.target.serverPids();
    let cpu0 = 0;
    let cores0 = coreTimes();
    let drv0 = process.cpuUsage();
    let win0 = 0;
    let measured: { cpu: number; busy: number[]; driverCpu: number; rss: number; secs: number } | undefined;

    const windowTimer = setTimeout(
      () => {
        cpu0 = treeCpuMicros(pids);
        cores0 = coreTimes();
        drv0 = process.cpuUsage();
        win0 = performance.now();
      },
      Math.max(0, windowStart - performance.now()),
    );
    const windowEndTimer = new Promise<void>((resolve) =>
      setTimeout(
        () => {
          const secs = (performance.now() - win0) / 1000;
          const d = process.cpuUsage(drv0);
          measured = {
            cpu: treeCpuMicros(pids) - cpu0,
            busy: coreBusy(cores0, coreTimes()),
            driverCpu: (d.user + d.system) / 1e6 / secs,
            rss: treeRssBytes(pids),
            secs,
          };
          resolve();
        },
        Math.max(0, windowEnd - performance.now()),
      ),
    );

    await new Promise<void>((resolve) => {
      const tick = (): void => {
        const now = performance.now();
        while (tNext <= now) {
          if (tNext >= windowEnd) return resolve();
          const room = sendable[Math.floor(next() * sendable.length)]!;
          const members = topo.members[room]!;
          const sender = members[Math.floor(next() * members.length)]!;
          const seq = seqs[room]!++;
          tracker.sent(room, seq);
          this.clients[sender]!.send(room, makePayload({ room, seq, tSched: tNext, sender }), () => tracker.sendError());
          tNext += -Math.log(1 - next()) * (1000 / o.rate);
        }
        // Timers fire ~1 ms late: sleep until just before the next send, then poll the loop.
        const wait = tNext - performance.now();
        if (wait > 2) setTimeout(tick, wait - 1.5);
        else setImmediate(tick);
      };
      tick();
    });
    clearTimeout(windowTimer);
    await windowEndTimer;
    await waitUntil(() => tracker.outstanding() <= 0, o.drainS * 1000, 50);
    this.tracker = undefined;
    this.stepStart = Infinity;

    const st = tracker.stats();
    const m = measured!;
    const busyServer = m.busy[SERVER_CORE] ?? 0;
    const busyDriver = m.busy[DRIVER_CORE] ?? 0;
    const reasons: string[] = [];
    if (busyDriver > DRIVER_BUSY_LIMIT) reasons.push(`driver core ${(busyDriver * 100).toFixed(0)}% busy (driver itself ${(m.driverCpu * 100).toFixed(0)}%)`);
    return {
      ...st,
      offeredRate: o.rate,
      deliveriesPerSec: st.deliveredInWindow / m.secs,
      serverCpuMicros: m.cpu,
      cpuMicrosPerDelivery: st.deliveredInWindow > 0 ? m.cpu / st.deliveredInWindow : null,
      serverCoreBusy: busyServer,
      foreignServerCoreBusy: Math.max(0, busyServer - m.cpu / 1e6 / m.secs),
      driverCoreBusy: busyDriver,
      driverCpuBusy: m.driverCpu,
      serverRssBytes: m.rss,
      lateFromEarlierStep: this.late,
      quietWaitS: quiet.waitedS,
      loadBeforeStep: quiet.busy,
      valid: reasons.length === 0,
      ...(reasons.length ? { invalidReason: reasons.join('; ') } : {}),
    };
  }

  close(): void {
    for (const c of this.clients) c.close();
  }
}
