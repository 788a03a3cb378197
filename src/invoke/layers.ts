/**
 * Lambda layers, laid out locally the way Lambda extracts them into /opt: each layer's content, in order, later
 * layers overwriting earlier files. The stand-in for /opt is a temporary folder of symbolic links into the
 * layers' own folders (so edits show up without a rebuild), and the function finds it through the same
 * variables Lambda sets: NODE_PATH (`nodejs/node<major>/node_modules`, `nodejs/node_modules`), the Python path
 * (`python/lib/python3.x/site-packages`, `python`), PATH (`bin`) and LD_LIBRARY_PATH (`lib`). A layer known
 * only by its ARN cannot be run locally: the result carries a note saying so.
 */
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LayerRef, Project } from '../model/types';

export interface LayerLayout {
  /** The folder standing in for /opt; undefined when no layer has local content. */
  optDir?: string;
  /** The folder holding optDir and its helpers, removed by disposeLayout. */
  home?: string;
  /** Variables to prepend (NODE_PATH, PYTHONPATH) or append (PATH, LD_LIBRARY_PATH) to. */
  paths: { NODE_PATH: string[]; PYTHONPATH: string[]; PATH: string[]; LD_LIBRARY_PATH: string[] };
  /** Layers that could not be laid out, and why (shown with the result). */
  notes: string[];
  /** The layers' folders: a change in them (an entry added or removed) means a new cold start. */
  dirs: string[];
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * What a layer puts in /opt: its folder as is (`nodejs/`, `python/`, `bin/`, …), or for a SAM layer with a
 * BuildMethod the output of `sam build` when there is one, else the source folder where the build would put it.
 */
async function layerRoot(layer: LayerRef, project: Project, notes: string[]): Promise<{ dir: string; under?: string } | undefined> {
  const label = layer.name ?? layer.ref;
  if (!layer.contentDir) {
    notes.push(
      layer.name
        ? `Layer ${layer.name} is not available locally: its content is not a local folder. Install what it provides in the project, or point its ContentUri/path at a folder.`
        : `Layer ${layer.ref} is not available locally: only its ARN is known. Download it (aws lambda get-layer-version-by-arn --arn …, then the Content.Location URL) and define it from a local folder, or install what it provides in the project.`,
    );
    return undefined;
  }
  if (!(await isDir(layer.contentDir))) {
    notes.push(`Layer ${label}: its folder ${layer.contentDir} does not exist.`);
    return undefined;
  }
  const method = layer.buildMethod;
  if (!method) return { dir: layer.contentDir };
  const built = layer.name ? join(project.root, '.aws-sam', 'build', layer.name) : undefined;
  if (built && (await isDir(built))) return { dir: built };
  if (/^nodejs/.test(method)) {
    if (!(await isDir(join(layer.contentDir, 'node_modules')))) notes.push(`Layer ${label} is built by sam build (${method}) and has no node_modules yet: run npm install in ${layer.contentDir} or sam build.`);
    return { dir: layer.contentDir, under: join('nodejs') };
  }
  if (/^python/.test(method)) {
    notes.push(`Layer ${label} is built by sam build (${method}): its requirements are installed only by the build; run sam build to use them locally.`);
    return { dir: layer.contentDir, under: 'python' };
  }
  notes.push(`Layer ${label} is built by sam build (${method}): run sam build first; its source folder was used as is.`);
  return { dir: layer.contentDir };
}

/**
 * Merges folders into `target` by links: an entry only one source has (or a file) is a link to the last source
 * having it; a folder several sources have is created and merged one level down.
 */
async function merge(target: string, sources: string[]): Promise<void> {
  const byName = new Map<string, Array<{ path: string; dir: boolean }>>();
  for (const src of sources) {
    let entries: Array<{ name: string; isDirectory(): boolean; isSymbolicLink(): boolean }>;
    try {
      entries = await fsp.readdir(src, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const path = join(src, e.name);
      const dir = e.isDirectory() || (e.isSymbolicLink() && (await isDir(path)));
      byName.set(e.name, [...(byName.get(e.name) ?? []), { path, dir }]);
    }
  }
  for (const [name, found] of byName) {
    const last = found[found.length - 1];
    const dirs = found.filter((f) => f.dir);
    if (!last.dir || dirs.length === 1) {
      await link(last.path, join(target, name), last.dir);
    } else {
      await fsp.mkdir(join(target, name));
      await merge(join(target, name), dirs.map((d) => d.path));
    }
  }
}

async function link(from: string, to: string, dir: boolean): Promise<void> {
  if (process.platform === 'win32' && !dir) {
    await fsp.copyFile(from, to);
    return;
  }
  await fsp.symlink(from, to, dir ? 'junction' : 'file');
}

/** Lays the function's layers out for one execution environment; `dispose` the folder when it ends. */
export async function layoutLayers(layers: LayerRef[] | undefined, project: Project, runtime: { family: 'node' | 'python'; line: string }, base = join(tmpdir(), 'serverless-workbench', 'opt')): Promise<LayerLayout> {
  const layout: LayerLayout = { paths: { NODE_PATH: [], PYTHONPATH: [], PATH: [], LD_LIBRARY_PATH: [] }, notes: [], dirs: [] };
  const roots: Array<{ dir: string; under?: string }> = [];
  for (const layer of layers ?? []) {
    const root = await layerRoot(layer, project, layout.notes);
    if (root) roots.push(root);
  }
  if (roots.length === 0) return layout;
  const home = join(base, randomUUID());
  const opt = join(home, 'opt');
  await fsp.mkdir(opt, { recursive: true });
  layout.home = home;
  // A source folder that stands for a subfolder of /opt (`nodejs/` of a BuildMethod layer) gets a folder of its own.
  const sources: string[] = [];
  for (const [i, r] of roots.entries()) {
    layout.dirs.push(r.dir);
    if (!r.under) {
      sources.push(r.dir);
      continue;
    }
    const wrapper = join(home, `layer${i}`);
    await fsp.mkdir(wrapper, { recursive: true });
    await link(r.dir, join(wrapper, r.under), true);
    sources.push(wrapper);
  }
  await merge(opt, sources);
  layout.optDir = opt;
  if (runtime.family === 'node') layout.paths.NODE_PATH.push(join(opt, 'nodejs', `node${runtime.line}`, 'node_modules'), join(opt, 'nodejs', 'node_modules'));
  else layout.paths.PYTHONPATH.push(join(opt, 'python', 'lib', `python${runtime.line}`, 'site-packages'), join(opt, 'python'));
  layout.paths.PATH.push(join(opt, 'bin'));
  layout.paths.LD_LIBRARY_PATH.push(join(opt, 'lib'));
  return layout;
}

/** Removes a layout's folder: links are unlinked, never followed, so the layers' own folders are untouched. */
export async function disposeLayout(layout: LayerLayout): Promise<void> {
  const remove = async (p: string): Promise<void> => {
    const st = await fsp.lstat(p);
    if (st.isSymbolicLink() || !st.isDirectory()) return fsp.unlink(p);
    for (const name of await fsp.readdir(p)) await remove(join(p, name));
    await fsp.rmdir(p);
  };
  if (layout.home) await remove(layout.home).catch(() => undefined);
}
