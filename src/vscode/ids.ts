/** Every command, view, setting and context key id the manifest declares; a unit test compares with package.json. */
export const commandIds = {
  refresh: 'serverlessWorkbench.refresh',
  goToHandler: 'serverlessWorkbench.goToHandler',
  goToDefinition: 'serverlessWorkbench.goToDefinition',
  copyDeployedName: 'serverlessWorkbench.copyDeployedName',
  newFunction: 'serverlessWorkbench.newFunction',
  tailLogs: 'serverlessWorkbench.tailLogs',
  stopLogs: 'serverlessWorkbench.stopLogs',
  clearLogs: 'serverlessWorkbench.clearLogs',
  invokeFunction: 'serverlessWorkbench.invokeFunction',
  openInvokePanel: 'serverlessWorkbench.openInvokePanel',
  chooseAwsProfile: 'serverlessWorkbench.chooseAwsProfile',
  manageSavedEvents: 'serverlessWorkbench.manageSavedEvents',
  analyzeColdStart: 'serverlessWorkbench.analyzeColdStart',
  debugFunction: 'serverlessWorkbench.debugFunction',
  runFlow: 'serverlessWorkbench.runFlow',
  sendMessages: 'serverlessWorkbench.sendMessages',
  clearFlows: 'serverlessWorkbench.clearFlows',
  openFlowInvocation: 'serverlessWorkbench.openFlowInvocation',
  startFunctionsHost: 'serverlessWorkbench.startFunctionsHost',
  stopFunctionsHost: 'serverlessWorkbench.stopFunctionsHost',
  chooseAzureFunctionApp: 'serverlessWorkbench.chooseAzureFunctionApp',
} as const;

export const viewIds = {
  container: 'serverlessWorkbench',
  functions: 'serverlessWorkbench.functions',
  /** The Logs webview view, in the panel container `serverlessWorkbenchLogs`. */
  logs: 'serverlessWorkbench.logs',
  invoke: 'serverlessWorkbench.invoke',
  flows: 'serverlessWorkbench.flows',
} as const;

export const settingIds = {
  codeLensEnabled: 'serverlessWorkbench.codeLens.enabled',
  exclude: 'serverlessWorkbench.exclude',
  validationEnabled: 'serverlessWorkbench.validation.enabled',
  logsSince: 'serverlessWorkbench.logs.since',
  logsMode: 'serverlessWorkbench.logs.mode',
  awsProfile: 'serverlessWorkbench.aws.profile',
  awsRegion: 'serverlessWorkbench.aws.region',
  awsEndpointUrl: 'serverlessWorkbench.aws.endpointUrl',
  costRegion: 'serverlessWorkbench.cost.region',
  localAwsServices: 'serverlessWorkbench.local.awsServices',
  azureFuncPath: 'serverlessWorkbench.azure.funcPath',
  azureHostUrl: 'serverlessWorkbench.azure.hostUrl',
  localInterpreters: 'serverlessWorkbench.local.interpreters',
  azureSubscription: 'serverlessWorkbench.azure.subscription',
  azureFunctionApp: 'serverlessWorkbench.azure.functionApp',
  azureResourceManagerEndpoint: 'serverlessWorkbench.azure.resourceManagerEndpoint',
} as const;

export const contextKeys = {
  /** Set once the first workspace scan finished (switches the welcome view from "looking" to "none found"). */
  ready: 'serverlessWorkbench.ready',
  hasProjects: 'serverlessWorkbench.hasProjects',
  /** A log tail is running (Stop Tailing Logs is offered). */
  logsTailing: 'serverlessWorkbench.logsTailing',
} as const;

export const extensionId = 'serverless-workbench.serverless-workbench';
