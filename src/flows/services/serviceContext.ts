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
  /** How many invocations of the function are running now (each in its own environment of the local runtime). */
  running: (fnId: string) => number;
  /** How many invocations of one function may run at once; a synchronous invoke beyond it is throttled. */
  concurrencyLimit: number;
}

export const LOCAL_SERVICE_NOTE = 'local emulation';
