/**
 * Saved events: plain JSON files in the workspace (`.serverless-workbench/events/<project>/<function>/<name>.json`)
 * so teams can version and share them. Every write goes to a temporary file first and is renamed into place,
 * so a crash never leaves a half-written event.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
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
    await atomicWrite(file, text.endsWith('\n') ? text : `${text}\n`);
    return { name: checkEventName(name), file };
  }

  async rename(project: Project, fn: FunctionDef, from: string, to: string): Promise<SavedEvent> {
    const src = this.fileFor(project, fn, from);
    const dst = this.fileFor(project, fn, to);
    if (src === dst) return { name: checkEventName(to), file: dst };
    if (await exists(dst)) throw new Error(`a saved event named "${to}" already exists`);
    try {
      await fsp.rename(src, dst);
    } catch {
      throw new Error(`saved event "${from}" not found`);
    }
    return { name: checkEventName(to), file: dst };
  }

  /** Copies an event to the first free name `<name> copy`, `<name> copy 2`, … */
  async duplicate(project: Project, fn: FunctionDef, name: string): Promise<SavedEvent> {
    const text = await this.read(project, fn, name);
    for (let i = 1; i < 1000; i++) {
      const candidate = i === 1 ? `${name} copy` : `${name} copy ${i}`;
      if (!(await exists(this.fileFor(project, fn, candidate)))) {
        const file = this.fileFor(project, fn, candidate);
        await atomicWrite(file, text);
        return { name: candidate, file };
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

/** Writes via a temporary file in the same folder and a rename, which replaces the target atomically. */
export async function atomicWrite(file: string, text: string): Promise<void> {
  const dir = join(file, '..');
  await fsp.mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fsp.writeFile(tmp, text, 'utf8');
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}
