/**
 * Saved events: plain JSON files in the workspace (`.serverless-workbench/events/<project>/<function>/<name>.json`)
 * so teams can version and share them. Every write goes to a temporary file first and is renamed into place,
 * so a crash never leaves a half-written event.
 */
import { promises as fsp } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
import { createFileAtomic, writeFileAtomic } from '../node/atomicFile';
import { describeJsonError } from '../shared/jsonError';
import { withoutBom } from '../shared/text';


export interface SavedEvent {
  name: string;
  file: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,99}$/;

export function savedEventsFolder(workspaceRoot: string): string {
  return join(workspaceRoot, '.serverless-workbench', 'events');
}

/** The folder name of a project: its folder relative to the workspace, or the service name at the root. */
export function projectKey(workspaceRoot: string, project: Project): string {
  const rel = relative(workspaceRoot, project.root);
  const key = rel && !rel.startsWith('..') ? rel : (project.service ?? basename(project.root));
  return safeSegment(key.split(/[\\/]/).join('-') || project.service || 'project');
}

function safeSegment(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || '_';
}

export function checkEventName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed) || trimmed.includes('..')) {
    throw new Error(`"${name}" is not a valid event name: use letters, digits, spaces, . _ - ( ), up to 100 characters`);
  }
  return trimmed;
}

/** Throws a one-line message naming the line and column of the first JSON error. */
export function checkEventJson(text: string): unknown {
  try {
    return JSON.parse(withoutBom(text)) as unknown;
  } catch (err) {
    throw new Error(`the event is not valid JSON: ${describeJsonError(text, err)}`);
  }
}

export class SavedEventStore {
  constructor(private readonly workspaceRoot: string) {}

  folder(project: Project, fn: FunctionDef): string {
    return join(savedEventsFolder(this.workspaceRoot), projectKey(this.workspaceRoot, project), safeSegment(fn.name));
  }

  async list(project: Project, fn: FunctionDef): Promise<SavedEvent[]> {
    const dir = this.folder(project, fn);
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .map((n) => ({ name: n.slice(0, -'.json'.length), file: join(dir, n) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async read(project: Project, fn: FunctionDef, name: string): Promise<string> {
    const file = this.fileFor(project, fn, name);
    try {
      return await fsp.readFile(file, 'utf8');
    } catch {
      throw new Error(`saved event "${name}" not found (${file})`);
    }
  }

  /** Saves (creates or overwrites) an event; the text must be JSON. */
  async save(project: Project, fn: FunctionDef, name: string, text: string): Promise<SavedEvent> {
    checkEventJson(text);
    const file = this.fileFor(project, fn, name);
    await writeFileAtomic(file, text.endsWith('\n') ? text : `${text}\n`);
    return { name: checkEventName(name), file };
  }

  async rename(project: Project, fn: FunctionDef, from: string, to: string): Promise<SavedEvent> {
    const src = this.fileFor(project, fn, from);
    const dst = this.fileFor(project, fn, to);
    if (src === dst) return { name: checkEventName(to), file: dst };
    // A new name by a hard link (fails when the name is taken, so another event is never replaced), then the old
    // name goes; on a file system without links, a check and a rename.
    try {
      await fsp.link(src, dst);
      await fsp.unlink(src);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || (await exists(dst))) throw new Error(`a saved event named "${to}" already exists`);
      if (code === 'ENOENT') throw new Error(`saved event "${from}" not found`);
      try {
        await fsp.rename(src, dst);
      } catch {
        throw new Error(`saved event "${from}" not found`);
      }
    }
    return { name: checkEventName(to), file: dst };
  }

  /** Copies an event to the first free name `<name> copy`, `<name> copy 2`, … */
  async duplicate(project: Project, fn: FunctionDef, name: string): Promise<SavedEvent> {
    const text = await this.read(project, fn, name);
    for (let i = 1; i < 1000; i++) {
      const candidate = i === 1 ? `${name} copy` : `${name} copy ${i}`;
      const file = this.fileFor(project, fn, candidate);
      try {
        await createFileAtomic(file, text);
        return { name: candidate, file };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    throw new Error(`too many copies of "${name}"`);
  }

  async delete(project: Project, fn: FunctionDef, name: string): Promise<void> {
    try {
      await fsp.unlink(this.fileFor(project, fn, name));
    } catch {
      throw new Error(`saved event "${name}" not found`);
    }
  }

  private fileFor(project: Project, fn: FunctionDef, name: string): string {
    return join(this.folder(project, fn), `${checkEventName(name)}.json`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.access(file);
    return true;
  } catch {
    return false;
  }
}
