// The file-system surface the patch planner and applier need; the real one is in node-patch-fs.ts.

/** Async file access by absolute path. Errors are thrown as Node-style errors (`code` like `ENOENT`). */
export interface PatchFs {
  /** The file's text (UTF-8). */
  readFile(path: string): Promise<string>;
  /** Whether anything (file or directory) exists at the path. */
  exists(path: string): Promise<boolean>;
  /** Whether a regular file exists at the path (following symlinks). */
  isFile(path: string): Promise<boolean>;
  /** Write the text, creating missing parent directories first; replaces an existing file. */
  writeFile(path: string, content: string): Promise<void>;
  /** Remove a regular file. */
  remove(path: string): Promise<void>;
}
