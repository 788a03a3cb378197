import * as vscode from 'vscode';
import { join } from 'node:path';
import type { InterpreterPreferences } from '../invoke/interpreters';
import { InterpreterResolver } from '../invoke/interpreters';
import type { LocalRuntimeOptions } from '../invoke/localRuntime';
import { LocalRuntime } from '../invoke/localRuntime';
import { CgroupParent } from '../invoke/memoryLimit';
import type { FunctionDef, Project } from '../model/types';
import { nodeInterpreterHost } from '../node/nodeInterpreterHost';
import { extensionBuildRoot } from './buildRoot';
import type { Config } from './config';

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
  resolveEnvironment(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri }; version?: { major?: number; minor?: number; micro?: number } } | undefined>;
}

/**
 * The interpreter the Python extension has selected for the project's folder, through its public API (the
 * `environments` part); undefined without the extension, or when it does not answer within 3 seconds.
 */
export async function pythonExtensionInterpreter(resource: vscode.Uri): Promise<{ path: string; version?: string } | undefined> {
  const ext = vscode.extensions.getExtension<{ environments?: PythonEnvironmentsApi }>('ms-python.python');
  if (!ext) return undefined;
  const lookup = async (): Promise<{ path: string; version?: string } | undefined> => {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const envs = api?.environments;
    if (!envs) return undefined;
    const active = envs.getActiveEnvironmentPath(resource);
    const resolved = await envs.resolveEnvironment(active);
    const path = resolved?.executable?.uri?.fsPath ?? active.path;
    const v = resolved?.version;
    const version = v?.major !== undefined && v.minor !== undefined ? [v.major, v.minor, v.micro].filter((x) => x !== undefined).join('.') : undefined;
    return { path, ...(version ? { version } : {}) };
  };
  return Promise.race([lookup().catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000))]);
}

/**
 * What the interpreter search takes from VS Code for one function: the machine setting
 * `serverlessWorkbench.local.interpreters` (a repository's settings cannot choose a binary to run; Config drops
 * anything but a path under a known key), the Python extension, the project's folders.
 */
export function interpreterPreferences(config: Config, fn: FunctionDef, project: Project): InterpreterPreferences {
  return {
    configured: config.get('localInterpreters'),
    pythonExtension: () => pythonExtensionInterpreter(vscode.Uri.file(project.file)),
    projectDirs: [...new Set([fn.codeRoot ?? project.root, project.root])],
  };
}

/**
 * A local runtime for the extension: interpreters found on this machine, probed versions and bundles kept in its
 * storage, kernel memory limits where allowed; `serviceEnv` connects its workers to the local cloud.
 */
export function createLocalRuntime(context: vscode.ExtensionContext, config: Config, serviceEnv: LocalRuntimeOptions['serviceEnv']): LocalRuntime {
  const interpreters = new InterpreterResolver(nodeInterpreterHost({ env: process.env, cacheFile: join(context.globalStorageUri.fsPath, 'interpreters.json') }));
  return new LocalRuntime({
    runtimeDir: context.asAbsolutePath('dist/runtime'),
    hostEnv: process.env,
    buildRoot: extensionBuildRoot(context),
    interpreters,
    preferences: (fn, project) => interpreterPreferences(config, fn, project),
    cgroup: CgroupParent.open(),
    serviceEnv,
  });
}
