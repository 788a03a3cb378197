import type * as vscode from 'vscode';
import { runtimeFamily } from '../model/handlers';
import type { FunctionDef, Project } from '../model/types';
import { azureModelOf } from '../model/types';
import type { LensSite } from './codeLens';
import { commandIds } from './ids';

/** Whether the local runtime can debug the function: a Lambda Node.js or Python handler file, an Azure Node.js function. */
export function debuggable(project: Project, fn: FunctionDef): boolean {
  const file = fn.handlerInfo.file;
  if (!file) return false;
  if (project.kind === 'azure-functions') return azureModelOf(fn) !== 'dotnet' && (project.azure?.workerRuntime ?? 'node') === 'node' && /\.[cm]?[jt]sx?$/.test(file);
  const family = runtimeFamily(typeof fn.runtime?.value === 'string' ? fn.runtime.value : undefined);
  if (family === 'node' || family === 'python') return true;
  return family === 'unknown' && /\.(py|[cm]?[jt]sx?)$/.test(file);
}

/** "Debug" beside "Invoke": above debuggable functions in a config and above their handler exports. */
export function debugLens({ project, fn }: LensSite): vscode.Command | undefined {
  if (!debuggable(project, fn)) return undefined;
  return { title: '$(debug-alt) Debug', tooltip: `Run ${fn.name} locally with the debugger attached`, command: commandIds.debugFunction, arguments: [fn.id] };
}
