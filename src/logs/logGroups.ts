import type { AwsConnection } from '../aws/connection';
import type { FunctionDef, Project } from '../model/types';
import { isUnresolved } from '../model/types';

/** Looks up a deployed name through the stack (resolveDeployedName from src/aws/connection.ts). */
export type DeployedNameResolver = (fn: FunctionDef, project: Project, conn: AwsConnection) => Promise<string>;

/**
 * The CloudWatch log group of a function: the model's `logGroup` (LoggingConfig.LogGroup, the
 * Serverless `provider.logs` setting, else `/aws/lambda/<deployed name>`); for SAM/CloudFormation
 * functions without a fixed name, `/aws/lambda/<physical id>` found through the stack. Throws
 * one-line errors when it cannot be known.
 */
export async function resolveLogGroup(
  fn: FunctionDef,
  project: Project,
  conn: AwsConnection,
  resolveDeployedName: DeployedNameResolver,
): Promise<string> {
  if (project.kind === 'azure-functions') {
    throw new Error(`${fn.name} is an Azure function: log tailing reads CloudWatch Logs (AWS Lambda); use the Azure portal or func azure functionapp logstream`);
  }
  const configured = loggingConfigGroup(fn);
  if (configured && isUnresolved(configured)) {
    throw new Error(`the log group of ${fn.name} is ${configured.expr}, which is known only in the cloud; write the group's name in LoggingConfig.LogGroup to tail it`);
  }
  if (fn.logGroup) return fn.logGroup;
  const deployed = await resolveDeployedName(fn, project, conn);
  return `/aws/lambda/${deployed}`;
}

function loggingConfigGroup(fn: FunctionDef): unknown {
  const lc = fn.properties.LoggingConfig?.value;
  if (lc && typeof lc === 'object' && !Array.isArray(lc) && !isUnresolved(lc)) return (lc as Record<string, unknown>).LogGroup;
  return undefined;
}
