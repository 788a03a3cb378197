import { join } from 'node:path';
import { LocalCloud } from '../flows/localCloud';
import type { Family } from '../invoke/interpreters';
import { InterpreterResolver } from '../invoke/interpreters';
import { LocalRuntime } from '../invoke/localRuntime';
import { CgroupParent } from '../invoke/memoryLimit';
import type { Project } from '../model/types';
import { nodeInterpreterHost, userCacheDir } from '../node/nodeInterpreterHost';
import type { CliIo } from './io';

/**
 * The CLI's local runtime: interpreters of the function's runtime version found on this machine (or `--node` /
 * `--python`), probed versions remembered in the user cache folder, kernel memory limits where the machine
 * allows them. It exists before the model is read (a worker can start meanwhile); its workers reach the local
 * cloud once one is connected.
 */
export function cliRuntime(io: CliIo, explicit: Partial<Record<Family, string>> = {}, cacheDir = io.cacheDir ?? userCacheDir(io.env)): { runtime: LocalRuntime; connect: (cloud: LocalCloud) => void } {
  let cloud: LocalCloud | undefined;
  const runtime = new LocalRuntime({
    runtimeDir: io.runtimeDir ?? join(__dirname, 'runtime'),
    hostEnv: io.env,
    interpreters: new InterpreterResolver(nodeInterpreterHost({ env: io.env, cacheFile: join(cacheDir, 'interpreters.json'), blocking: true })),
    preferences: (fn, project) => ({ explicit, projectDirs: [...new Set([fn.codeRoot ?? project.root, project.root])] }),
    cgroup: CgroupParent.open(),
    serviceEnv: async (fn, project) => (cloud ? cloud.serviceEnv(fn, project) : {}),
  });
  return { runtime, connect: (c) => (cloud = c) };
}

/** The local runtime with its local cloud (Lambda endpoint, flows) for one CLI command; `dispose` ends both. */
export function localCloudForCli(
  io: CliIo,
  projects: Project[],
  region?: string,
  awsServices = false,
  made: ReturnType<typeof cliRuntime> = cliRuntime(io),
): { runtime: LocalRuntime; cloud: LocalCloud; dispose: () => void } {
  const { runtime } = made;
  const cloud: LocalCloud = new LocalCloud({
    runtime: (req) => runtime.invoke(req),
    projects: () => projects,
    hostEnv: io.env,
    awsServices: () => (awsServices ? 'aws' : 'local'),
    region: region ?? projects.find((p) => p.region)?.region,
  });
  made.connect(cloud);
  return {
    runtime,
    cloud,
    dispose: () => {
      runtime.dispose();
      cloud.dispose();
    },
  };
}
