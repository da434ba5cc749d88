import type { Args } from '../args.ts';
import type { MachineInfo } from '../measure/machineInfo.ts';

export interface ScenarioContext {
  args: Args;
  runId: string;
  machine: MachineInfo;
  log(line: string): void;
}

/** A scenario returns the process exit code (non-zero when an assertion failed). */
export type Scenario = (ctx: ScenarioContext) => Promise<number>;
