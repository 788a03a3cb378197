import { awsJavaScript } from './templates/awsJavaScript';
import { awsPython } from './templates/awsPython';
import { awsTypeScript } from './templates/awsTypeScript';
import type { AzurePatternId } from './templates/azureNode';
import { azureJavaScript, azureTypeScript } from './templates/azureNode';
import { csharpInProcess, csharpIsolated } from './templates/csharp';
import type { HandlerTemplate, Language, PatternId } from './types';

export type { AzurePatternId };

/** Patterns Azure projects can get (HTTP, timer, storage queue). */
export const azurePatternIds: readonly AzurePatternId[] = ['api', 'scheduled', 'queue-worker'];

export function isAzurePattern(id: PatternId): id is AzurePatternId {
  return (azurePatternIds as readonly string[]).includes(id);
}

/** AWS Lambda handler template of a pattern in a language (C# is not offered for Lambda). */
export function awsHandler(pattern: PatternId, language: Exclude<Language, 'csharp'>): HandlerTemplate {
  return (language === 'ts' ? awsTypeScript : language === 'js' ? awsJavaScript : awsPython)[pattern];
}

/** The C# hosting model of an Azure app: isolated worker or in-process. */
export type CSharpModel = 'isolated' | 'in-process';

/** Azure Functions handler template (Node v4 registration or C# class). */
export function azureHandler(pattern: AzurePatternId, language: 'ts' | 'js' | 'csharp', model: CSharpModel = 'isolated'): HandlerTemplate {
  if (language === 'csharp') return (model === 'isolated' ? csharpIsolated : csharpInProcess)[pattern];
  return (language === 'ts' ? azureTypeScript : azureJavaScript)[pattern];
}

/** Every handler template, for the snippet files and the proofs. */
export function allHandlerTemplates(): Array<{ platform: 'aws' | 'azure'; pattern: PatternId; template: HandlerTemplate }> {
  const out: Array<{ platform: 'aws' | 'azure'; pattern: PatternId; template: HandlerTemplate }> = [];
  for (const set of [awsTypeScript, awsJavaScript, awsPython]) {
    for (const [pattern, template] of Object.entries(set)) out.push({ platform: 'aws', pattern: pattern as PatternId, template });
  }
  for (const set of [azureTypeScript, azureJavaScript, csharpIsolated, csharpInProcess]) {
    for (const [pattern, template] of Object.entries(set)) out.push({ platform: 'azure', pattern: pattern as PatternId, template });
  }
  return out;
}
