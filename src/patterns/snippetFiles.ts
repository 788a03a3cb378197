import { configSnippets } from './configSnippets';
import type { ConfigContext } from './configSnippets';
import { allHandlerTemplates } from './handlers';
import { toSnippetBody } from './snippetText';
import type { Language } from './types';

/** One entry of a VS Code snippet file. */
export interface SnippetEntry {
  prefix: string;
  description: string;
  body: string[];
}

/** Snippet files contributed per language (package.json `contributes.snippets`), relative to the repo. */
export const languageSnippetFiles: Record<Exclude<Language, never>, { path: string; vscodeLanguage: string }> = {
  ts: { path: 'snippets/typescript.json', vscodeLanguage: 'typescript' },
  js: { path: 'snippets/javascript.json', vscodeLanguage: 'javascript' },
  python: { path: 'snippets/python.json', vscodeLanguage: 'python' },
  csharp: { path: 'snippets/csharp.json', vscodeLanguage: 'csharp' },
};

/**
 * Config snippets as files too. They are not contributed statically (a static YAML snippet would show SAM
 * syntax in serverless.yml): the completion provider offers the same snippets only where they fit.
 */
export const configSnippetFiles: Record<ConfigContext, string> = {
  'serverless-events': 'snippets/config/serverless-events.json',
  'sam-events': 'snippets/config/sam-events.json',
  'azure-bindings': 'snippets/config/function-json-bindings.json',
};

function entry(prefix: string, description: string, markup: string): SnippetEntry {
  return { prefix, description, body: toSnippetBody(markup).split('\n') };
}

/** The content of every snippet file, keyed by its path; generated from the templates (npm run snippets). */
export function snippetFileContents(): Record<string, string> {
  const files: Record<string, Record<string, SnippetEntry>> = {};
  for (const { path } of Object.values(languageSnippetFiles)) files[path] = {};
  for (const path of Object.values(configSnippetFiles)) files[path] = {};
  for (const { template } of allHandlerTemplates()) {
    const file = files[languageSnippetFiles[template.language].path];
    const key = template.description.replace(/ \((TypeScript|JavaScript|Python|C#)\)$/, '');
    file[key] = entry(template.prefix, template.description, template.body);
  }
  for (const s of configSnippets) files[configSnippetFiles[s.context]][`${s.prefix}: ${s.description}`] = entry(s.prefix, s.description, s.body);
  const out: Record<string, string> = {};
  for (const [path, entries] of Object.entries(files)) out[path] = JSON.stringify(entries, null, 2) + '\n';
  return out;
}
