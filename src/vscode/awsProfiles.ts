import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { AwsProfileFiles } from '../aws/profiles';
import { awsProfileFilePaths, readAwsProfiles } from '../aws/profiles';

/**
 * The shared AWS config and credentials files, read once and kept, for everything that resolves a connection
 * synchronously (the status bar, the Invoke view's state, cost lines): `current()` never reads a file. The files are
 * read again when they change (a watcher on each), when the window gets focus (`aws configure` in an outside
 * terminal), when the profile picker opens, before each remote call, and when `AWS_CONFIG_FILE` /
 * `AWS_SHARED_CREDENTIALS_FILE` point elsewhere. `onDidChange` fires when what was read differs.
 */
export class AwsProfiles implements vscode.Disposable {
  private files: AwsProfileFiles | undefined;
  private reading: Promise<AwsProfileFiles> | undefined;
  private again = false;
  private watched = '';
  private watchers: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChange = this.changed.event;

  constructor(private readonly env: Record<string, string | undefined> = process.env) {
    this.disposables.push(
      vscode.window.onDidChangeWindowState((s) => {
        if (s.focused) void this.refresh();
      }),
    );
  }

  /**
   * What was last read, when it is of the files the environment names now; otherwise undefined, and a read starts
   * (`onDidChange` tells when it is done).
   */
  current(): AwsProfileFiles | undefined {
    const files = this.files;
    const paths = awsProfileFilePaths(this.env);
    if (files && files.configFile === paths.configFile && files.credentialsFile === paths.credentialsFile) return files;
    if (!this.reading) void this.refresh();
    return undefined;
  }

  /** Reads the files again (one read at a time; a call during a read gets one more read after it). */
  refresh(): Promise<AwsProfileFiles> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    const run = async (): Promise<AwsProfileFiles> => {
      let read: AwsProfileFiles;
      do {
        this.again = false;
        // Missing or unreadable files already read as none; so does a loader that cannot load (never a rejection here).
        read = await readAwsProfiles(this.env).catch(() => ({ profiles: [], ssoSessions: [], ...awsProfileFilePaths(this.env) }));
      } while (this.again);
      return read;
    };
    this.reading = run().then((read) => {
      this.reading = undefined;
      this.accept(read);
      return read;
    });
    return this.reading;
  }

  /** Takes a fresh read (the profile picker reads the files itself). */
  accept(read: AwsProfileFiles): void {
    const before = this.files;
    this.files = read;
    this.watch(read);
    if (!before || JSON.stringify(before) !== JSON.stringify(read)) this.changed.fire();
  }

  private watch(read: AwsProfileFiles): void {
    const key = `${read.configFile}\n${read.credentialsFile}`;
    if (key === this.watched) return;
    this.watched = key;
    for (const w of this.watchers) w.dispose();
    // Outside the workspace: a relative pattern on the file's folder (VS Code watches it non-recursively).
    this.watchers = [read.configFile, read.credentialsFile].map((file) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(file)), basename(file)));
      const onFile = (): void => void this.refresh();
      watcher.onDidChange(onFile);
      watcher.onDidCreate(onFile);
      watcher.onDidDelete(onFile);
      return watcher;
    });
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
