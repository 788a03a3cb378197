/** The file access the model needs; the CLI and the extension pass a Node implementation, tests a memory one. */
export interface FileSystem {
  /** The file's text, or undefined when it does not exist or is not a readable file. */
  readFile(path: string): Promise<string | undefined>;
  stat(path: string): Promise<{ type: 'file' | 'directory'; size: number } | undefined>;
  /** Entries of a folder; empty when it does not exist. */
  readDirectory(path: string): Promise<Array<{ name: string; type: 'file' | 'directory' }>>;
}
