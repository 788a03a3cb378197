/** Every command, view, setting and context key id the manifest declares; a unit test compares with package.json. */
export const commandIds = {
  refresh: 'serverlessWorkbench.refresh',
  goToHandler: 'serverlessWorkbench.goToHandler',
  goToDefinition: 'serverlessWorkbench.goToDefinition',
  copyDeployedName: 'serverlessWorkbench.copyDeployedName',
  newFunction: 'serverlessWorkbench.newFunction',
} as const;

export const viewIds = {
  container: 'serverlessWorkbench',
  functions: 'serverlessWorkbench.functions',
} as const;

export const settingIds = {
  codeLensEnabled: 'serverlessWorkbench.codeLens.enabled',
  exclude: 'serverlessWorkbench.exclude',
  validationEnabled: 'serverlessWorkbench.validation.enabled',
} as const;

export const contextKeys = {
  /** Set once the first workspace scan finished (switches the welcome view from "looking" to "none found"). */
  ready: 'serverlessWorkbench.ready',
  hasProjects: 'serverlessWorkbench.hasProjects',
} as const;

export const extensionId = 'serverless-workbench.serverless-workbench';
