import { join } from 'node:path';
import { LocalCloud } from '../flows/localCloud';
import { LocalRuntime } from '../invoke/localRuntime';
import type { Project } from '../model/types';
import type { CliIo } from './io';

/** The local runtime with its local cloud (Lambda endpoint, flows) for one CLI command; `dispose` ends both. */
export function localCloudForCli(io: CliIo, projects: Project[], region?: string, awsServices = false): { runtime: LocalRuntime; cloud: LocalCloud; dispose: () => void } {
  const cloud: LocalCloud = new LocalCloud({
    runtime: (req) => runtime.invoke(req),
    projects: () => projects,
    hostEnv: io.env,
    awsServices: () => (awsServices ? 'aws' : 'local'),
    region: region ?? projects.find((p) => p.region)?.region,
  });
  const runtime: LocalRuntime = new LocalRuntime({ runtimeDir: io.runtimeDir ?? join(__dirname, 'runtime'), hostEnv: io.env, serviceEnv: (fn, project) => cloud.serviceEnv(fn, project) });
  return {
    runtime,
    cloud,
    dispose: () => {
      runtime.dispose();
      cloud.dispose();
    },
  };
}
