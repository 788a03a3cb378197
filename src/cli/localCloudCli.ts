import { join } from 'node:path';
import { LocalCloud } from '../flows/localCloud';
import { LocalRuntime } from '../invoke/localRuntime';
import type { Project } from '../model/types';
import type { CliIo } from './io';

/** The local runtime with its local cloud (Lambda endpoint, flows) for one CLI command; `dispose` ends both. */
export function localCloudForCli(io: CliIo, projects: Project[], region?: string): { runtime: LocalRuntime; cloud: LocalCloud; dispose: () => void } {
  let runtime: LocalRuntime | undefined;
  const cloud = new LocalCloud({
    runtime: (req) => runtime!.invoke(req),
    projects: () => projects,
    hostEnv: io.env,
    region: region ?? projects.find((p) => p.region)?.region,
  });
  runtime = new LocalRuntime({ runtimeDir: io.runtimeDir ?? join(__dirname, 'runtime'), hostEnv: io.env, serviceEnv: (fn, project) => cloud.serviceEnv(fn, project) });
  const rt = runtime;
  return {
    runtime: rt,
    cloud,
    dispose: () => {
      rt.dispose();
      cloud.dispose();
    },
  };
}
