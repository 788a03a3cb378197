import type { FunctionDef, ProjectKind } from './types';

/** Settings a config may leave unset that the platform then fills: their effective values are modelled. */
export type DefaultedSetting = 'memorySize' | 'timeout';

/**
 * What deploys when a function sets no memory size or timeout: the Serverless Framework's defaults
 * (1024 MB, 6 s) and Lambda's own, which SAM and CloudFormation use (128 MB, 3 s).
 */
export const platformDefaults: Record<Exclude<ProjectKind, 'azure-functions'>, Record<DefaultedSetting, number>> = {
  'serverless-framework': { memorySize: 1024, timeout: 6 },
  sam: { memorySize: 128, timeout: 3 },
  cloudformation: { memorySize: 128, timeout: 3 },
};

/**
 * Fills unset `memorySize`/`timeout` with the platform default, located at the function's key, and lists them
 * in `fn.defaults`. A written value, even one that is not a number, is kept as written.
 */
export function fillDefaults(fn: FunctionDef, kind: ProjectKind): void {
  if (kind === 'azure-functions') return;
  const values = platformDefaults[kind];
  for (const setting of ['memorySize', 'timeout'] as const) {
    if (fn[setting] !== undefined) continue;
    fn[setting] = { value: values[setting], range: fn.keyRange };
    (fn.defaults ??= []).push(setting);
  }
}

/** Whether a setting of the function is the platform default rather than written in the config. */
export function isDefault(fn: FunctionDef, setting: DefaultedSetting): boolean {
  return fn.defaults?.includes(setting) ?? false;
}
