import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'yaml-language-server';
import { getLanguageService } from 'yaml-language-server';

const schemasDir = join(__dirname, '..', '..', '..', 'schemas');

/** The `yaml.customTags` the README tells Red Hat YAML users to set for CloudFormation short forms. */
export const cloudFormationCustomTags = [
  '!Ref scalar', '!Sub scalar', '!Sub sequence', '!GetAtt scalar', '!GetAtt sequence', '!Join sequence', '!If sequence', '!Select sequence',
  '!Split sequence', '!FindInMap sequence', '!ImportValue scalar', '!GetAZs scalar', '!Base64 scalar', '!Cidr sequence', '!Equals sequence',
  '!And sequence', '!Or sequence', '!Not sequence', '!Condition scalar', '!Transform mapping', '!ToJsonString mapping', '!ToJsonString sequence', '!Length sequence',
];

/**
 * yaml-language-server (Red Hat YAML's engine) run as a library with our schemas, as an editor with the
 * extension's `yamlValidation` contributions would: for the schema tests and the side-by-side bench.
 */
export function yamlSchemaValidator(): (file: string, text: string) => Promise<Diagnostic[]> {
  const schemaUri = (name: string): string => pathToFileURL(join(schemasDir, name)).toString();
  const ls = getLanguageService({
    schemaRequestService: async (uri) => readFileSync(new URL(uri), 'utf8'),
    workspaceContext: { resolveRelativePath: (rel, resource) => new URL(rel, resource).toString() },
  });
  ls.configure({
    validate: true,
    customTags: cloudFormationCustomTags,
    schemas: [
      { uri: schemaUri('serverless.schema.json'), fileMatch: ['serverless.yml', 'serverless.yaml', '**/serverless.yml', '**/serverless.yaml'] },
      { uri: schemaUri('sam.schema.json'), fileMatch: ['template.yaml', '**/template.yaml', '**/template.yml'] },
      { uri: schemaUri('function.schema.json'), fileMatch: ['function.json', '**/function.json'] },
    ],
  });
  // yaml-language-server caches a parsed document per URI and version: a new version per call makes it
  // parse again, as it does after every edit.
  let version = 0;
  return (file, text) => ls.doValidation(TextDocument.create(pathToFileURL(file).toString(), 'yaml', ++version, text), false);
}
