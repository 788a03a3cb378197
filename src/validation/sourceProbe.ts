import type { FileSystem } from '../model/fileSystem';
import { pathApi } from '../model/paths';
import type { Project } from '../model/types';

const SOURCE = /\.(c|m)?[jt]sx?$|\.py$|\.go$|\.java$|\.cs$|\.rb$|\.rs$|\.ps1$|\.fs$|\.kt$|\.scala$|\.php$|\.swift$/;
const SKIP = new Set(['node_modules', '.git', '.serverless', '.aws-sam', 'cdk.out', '.venv', 'venv', '__pycache__']);

/**
 * For each project whose handler files are missing, finds out whether its folder holds any source file at
 * all (a bounded walk). Projects whose handlers all resolve are not probed. The answer feeds
 * `ValidationContext.hasSourceFiles`. `known` keeps "yes" answers across calls (a long-lived editor session):
 * a folder that has source files keeps them, while a config-only folder is small and cheap to look at again.
 */
export async function probeSourceFiles(projects: Project[], fs: FileSystem, known: Set<string> = new Set()): Promise<(project: Project) => boolean | undefined> {
  const answers = new Map<string, boolean>();
  for (const p of projects) {
    const missing = p.functions.some((f) => !f.handlerInfo.file && !f.handlerInfo.notLocal && !f.handlerInfo.inline && f.handlerInfo.candidates.length > 0);
    if (!missing || answers.has(p.root)) continue;
    const has = known.has(p.root) || (await hasSource(fs, p.root, 0, { folders: 0 }));
    if (has) known.add(p.root);
    answers.set(p.root, has);
  }
  return (project) => answers.get(project.root);
}

async function hasSource(fs: FileSystem, dir: string, depth: number, budget: { folders: number }): Promise<boolean> {
  // Past the budget we cannot tell; say "yes" so real missing files are still reported.
  if (depth > 6 || ++budget.folders > 400) return true;
  const entries = await fs.readDirectory(dir);
  if (entries.some((e) => e.type === 'file' && SOURCE.test(e.name))) return true;
  for (const e of entries) {
    if (e.type === 'directory' && !SKIP.has(e.name) && !e.name.startsWith('.') && (await hasSource(fs, pathApi(dir).join(dir, e.name), depth + 1, budget))) return true;
  }
  return false;
}
