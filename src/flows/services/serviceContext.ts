import type { FlowRun } from '../flowRun';
import type { Topology } from '../topology';
import type { LocalState } from './localState';

/** Who made a call to a local service: the invocation (found by its trace header) and its flow. */
export interface Caller {
  run: FlowRun;
  /** The calling invocation; undefined for calls from outside any running handler. */
  invocationId?: string;
}

/** What a local service sees besides the request. */
export interface ServiceContext {
  caller: Caller;
  topology: Topology;
  region: string;
  state: LocalState;
  /** Whether an invocation of the function is running now (a synchronous call into it would wait on itself). */
  isRunning: (fnId: string) => boolean;
}

export const LOCAL_SERVICE_NOTE = 'local emulation';
