// PatchFs on the real disk (node:fs/promises); text is strict UTF-8 so binary files are never rewritten lossily.

import { mkdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PatchFs } from "./patch-fs.js";

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Whether a stat error means "nothing is there" (as opposed to "something is there but not readable"). */
function isMissing(err: unknown): boolean {
  const code = err instanceof Error && "code" in err ? err.code : undefined;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** The PatchFs backed by node:fs/promises. */
export const nodePatchFs: PatchFs = {
  async readFile(file) {
    const bytes = await readFile(file);
    try {
      return STRICT_UTF8.decode(bytes);
    } catch {
      // Same wording as Rust's read_to_string, which codex uses.
      throw new Error("stream did not contain valid UTF-8");
    }
  },
  async exists(file) {
    try {
      await stat(file);
      return true;
    } catch (err) {
      return !isMissing(err);
    }
  },
  async isFile(file) {
    try {
      return (await stat(file)).isFile();
    } catch {
      return false;
    }
  },
  async writeFile(file, content) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content, "utf8");
  },
  async remove(file) {
    await unlink(file);
  },
};
