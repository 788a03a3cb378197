import type { EventInput } from '../events/eventContext';
import { eventKinds, generateEvent, resolveEventKind } from '../events/catalogue';
import { requestBodyHint, sourceLanguage } from '../events/requestBody';
import { nodeFileSystem } from '../node/nodeFileSystem';
import { flagString, parseArgs, UsageError } from './args';
import { findFunction } from './findFunction';
import type { CliIo } from './io';
import { exitCodes } from './io';
import { loadProjects } from './loadProjects';
import { formatTable } from './table';

export const eventsUsage = 'events list [--json] | events generate TYPE [--function NAME] [--project PATH]   sample events';

/** `events list` and `events generate TYPE`: the offline sample-event catalogue. */
export async function eventsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list') {
    const args = parseArgs(rest, { switches: ['json'] });
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    if (args.flags.json) {
      const events = eventKinds.map((k) => ({ id: k.id, triggerType: k.triggerType ?? null, platform: k.platform, title: k.title }));
      io.stdout(`${JSON.stringify({ events }, null, 2)}\n`);
    } else {
      io.stdout(`${formatTable(['TYPE', 'TRIGGER', 'PLATFORM', 'DESCRIPTION'], eventKinds.map((k) => [k.id, k.triggerType ?? '-', k.platform, k.title]))}\n`);
    }
    return exitCodes.ok;
  }
  if (sub === 'generate') {
    const args = parseArgs(rest, { values: ['function', 'project'] });
    const [type, extra] = args.positionals;
    if (!type) throw new UsageError('events generate needs a TYPE (see "events list")');
    if (extra) throw new UsageError(`unexpected argument "${extra}"`);
    const fnName = flagString(args, 'function');
    const projectPath = flagString(args, 'project');
    let input: EventInput = {};
    let azure = false;
    if (fnName) {
      const { fn, project } = await findFunction(io, fnName, projectPath);
      // HTTP events get the body the handler's own types describe, as in the editor's Invoke view.
      const language = fn.handlerInfo.file ? sourceLanguage(fn.handlerInfo.file) : undefined;
      const source = language ? await nodeFileSystem().readFile(fn.handlerInfo.file!) : undefined;
      const hint = language && source !== undefined ? requestBodyHint(source, language) : undefined;
      input = { fn, project, ...(hint ? { body: hint.body } : {}) };
      azure = project.kind === 'azure-functions';
    } else if (projectPath) {
      const [project] = await loadProjects(io, [projectPath]);
      if (project) {
        input = { project };
        azure = project.kind === 'azure-functions';
      }
    }
    const kind = resolveEventKind(type, input.fn, azure);
    if (!kind) throw new UsageError(`unknown event type "${type}"; see "events list"`);
    io.stdout(`${JSON.stringify(generateEvent(kind.id, input), null, 2)}\n`);
    return exitCodes.ok;
  }
  throw new UsageError(sub ? `unknown events subcommand "${sub}" (list, generate)` : 'events needs a subcommand: list or generate');
}
