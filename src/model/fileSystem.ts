/** The file access the model needs; the CLI and the extension pass a Node implementation, tests a memory one. */
export interface FileSystem {
  /** The file's text, or undefined when it does not exist or is not a readable file. */
  readFile(path: string): Promise<string | undefined>;
  stat(path: string): Promise<{ type: 'file' | 'directory'; size: number } | undefined>;
  /** Entries of a folder; empty when it does not exist. */
  readDirectory(path: string): Promise<Array<{ name: string; type: 'file' | 'directory' }>>;
  /**
   * The file system finds `Handler.js` when asked for `handler.js` (Windows, macOS by default). The model then
   * checks the case of handler paths against the folder listings, since Lambda's file system does not forgive it.
   */
  readonly caseInsensitive?: boolean;
}
