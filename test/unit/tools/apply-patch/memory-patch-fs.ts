// An in-memory PatchFs for applier tests: files and directories by absolute path, with injectable failures.

import path from "node:path";
import type { PatchFs } from "../../../../src/tools/apply-patch/patch-fs.js";

function fsError(code: string, op: string, p: string): Error {
  return Object.assign(new Error(`${code}: ${op} '${p}'`), { code });
}

/** A PatchFs over a Map; `failWrite`/`failRemove` make those paths throw EACCES. */
export class MemoryPatchFs implements PatchFs {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(["/"]);
  readonly failWrite = new Set<string>();
  readonly failRemove = new Set<string>();
  /** Every mutating call, in order, e.g. `write /a/b.txt`. */
  readonly log: string[] = [];

  constructor(initial: Record<string, string> = {}, dirs: readonly string[] = []) {
    for (const d of dirs) this.mkdirs(d);
    for (const [p, text] of Object.entries(initial)) {
      this.mkdirs(path.dirname(p));
      this.files.set(p, text);
    }
  }

  async readFile(p: string): Promise<string> {
    if (this.dirs.has(p)) throw fsError("EISDIR", "read", p);
    const text = this.files.get(p);
    if (text === undefined) throw fsError("ENOENT", "open", p);
    return text;
  }

  async exists(p: string): Promise<boolean> {
    return this.files.has(p) || this.dirs.has(p);
  }

  async isFile(p: string): Promise<boolean> {
    return this.files.has(p);
  }

  async writeFile(p: string, content: string): Promise<void> {
    this.log.push(`write ${p}`);
    if (this.failWrite.has(p)) throw fsError("EACCES", "open", p);
    if (this.dirs.has(p)) throw fsError("EISDIR", "open", p);
    this.mkdirs(path.dirname(p));
    this.files.set(p, content);
  }

  async remove(p: string): Promise<void> {
    this.log.push(`remove ${p}`);
    if (this.failRemove.has(p)) throw fsError("EACCES", "unlink", p);
    if (this.dirs.has(p)) throw fsError("EISDIR", "unlink", p);
    if (!this.files.delete(p)) throw fsError("ENOENT", "unlink", p);
  }

  /** Files as a plain object, for `toEqual`. */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.files].sort(([a], [b]) => a.localeCompare(b)));
  }

  private mkdirs(dir: string): void {
    for (let d = dir; !this.dirs.has(d); d = path.dirname(d)) {
      if (this.files.has(d)) throw fsError("ENOTDIR", "mkdir", d);
      this.dirs.add(d);
    }
  }
}
