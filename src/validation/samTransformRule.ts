import type { LNode } from '../model/yamlTree';
import { entry, get } from '../model/yamlTree';
import type { Finding, FixData } from '../shared/finding';
import type { Rule } from './rule';
import { makeFinding } from './values';

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

function transforms(doc: LNode): string[] {
  const t = get(doc, 'Transform');
  const items = t?.kind === 'seq' ? t.items : t ? [t] : [];
  return items.flatMap((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? [i.value] : []));
}

export const samTransformMissingRule: Rule = {
  id: 'sam-transform-missing',
  severity: 'error',
  description: 'A template with AWS::Serverless::* resources or Globals needs `Transform: AWS::Serverless-2016-10-31`.',
  check(project) {
    const doc = project.tree;
    if ((project.kind !== 'sam' && project.kind !== 'cloudformation') || doc?.kind !== 'map') return [];
    if (transforms(doc).includes(SAM_TRANSFORM) || get(doc, 'Transform')?.kind === 'intrinsic') return [];
    const resources = get(doc, 'Resources');
    const sam = resources?.kind === 'map' ? resources.entries.filter((e) => /^AWS::Serverless::/.test(typeValue(e.value) ?? '')) : [];
    const globals = entry(doc, 'Globals');
    if (sam.length === 0 && !globals) return [];
    // One finding for the one cause, where the first SAM-only construct is.
    const first = [globals && { range: globals.keyRange, what: '`Globals`' }, sam[0] && { range: get(sam[0].value, 'Type')!.range, what: typeValue(sam[0].value)! }]
      .filter((x): x is { range: LNode['range']; what: string } => Boolean(x))
      .sort((a, b) => a.range.start.line - b.range.start.line)[0];
    const count = sam.length > 1 ? ` (and ${sam.length - 1} more SAM resource${sam.length > 2 ? 's' : ''})` : '';
    const out: Finding[] = [];
    out.push(
      makeFinding(
        project.file,
        first.range,
        this.id,
        'error',
        `${first.what}${count} needs \`Transform: ${SAM_TRANSFORM}\` at the top of the template; without it CloudFormation rejects the template.`,
        transformFix(project.file, doc),
      ),
    );
    return out;
  },
};

function typeValue(node: LNode): string | undefined {
  const t = get(node, 'Type');
  return t?.kind === 'scalar' && typeof t.value === 'string' ? t.value : undefined;
}

/** Inserts the Transform line after `AWSTemplateFormatVersion` (or at the top); YAML only. */
function transformFix(file: string, doc: LNode): FixData[] | undefined {
  if (file.endsWith('.json') || doc.kind !== 'map') return undefined;
  const existing = entry(doc, 'Transform');
  if (existing) return undefined;
  const version = entry(doc, 'AWSTemplateFormatVersion');
  const line = version ? version.value.range.end.line + 1 : doc.range.start.line;
  const at = { line, character: 0 };
  return [{ title: `Add Transform: ${SAM_TRANSFORM}`, edits: [{ file, range: { start: at, end: at }, newText: `Transform: ${SAM_TRANSFORM}\n` }], preferred: true }];
}
