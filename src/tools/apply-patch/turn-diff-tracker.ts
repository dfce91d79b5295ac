// Remembers each file's text before the turn first changed it, and diffs that against the disk for turn_diff.

import path from "node:path";
import type { PatchFs } from "./patch-fs.js";
import type { PatchPlan } from "./plan-patch.js";
import { gitFileDiff } from "./unified-diff.js";

/** Per-turn record of patched files; create one per turn (or `reset()` it when a turn starts). */
export class TurnDiffTracker {
  /** Absolute path → text before the first patch of the turn touched it (null: it did not exist). */
  private readonly baselines = new Map<string, string | null>();
  /** Move destination → the path the file had at the start of the turn. */
  private readonly moves = new Map<string, string>();

  constructor(private readonly fs: PatchFs) {}

  /** Record the pre-patch state of every path a verified plan is about to touch (first touch wins). */
  track(plan: PatchPlan): void {
    for (const [p, before] of plan.original) if (!this.baselines.has(p)) this.baselines.set(p, before);
    for (const c of plan.changes) {
      if (c.kind !== "update" || c.absMovePath === null || c.absMovePath === c.absPath) continue;
      const origin = this.moves.get(c.absPath) ?? c.absPath;
      this.moves.delete(c.absPath);
      this.moves.set(c.absMovePath, origin);
    }
  }

  /** Forget everything (a new turn starts). */
  reset(): void {
    this.baselines.clear();
    this.moves.clear();
  }

  /** Cumulative git-style diff of the tracked files, baseline vs. disk now; "" when nothing differs. */
  async unifiedDiff(cwd: string): Promise<string> {
    const now = new Map<string, string | null>();
    for (const p of this.baselines.keys()) {
      const text = await this.readNow(p);
      // A file we cannot read as text any more (e.g. replaced by binary data) is left out of the diff.
      if (text !== undefined) now.set(p, text);
    }
    const show = (p: string): string => displayPath(cwd, p);
    const parts: Array<{ key: string; text: string }> = [];
    const paired = new Set<string>();
    for (const [dest, origin] of this.moves) {
      const before = this.baselines.get(origin);
      const after = now.get(dest);
      // Shown as a rename only when it is one: the origin is gone and the destination is new.
      const isRename = typeof before === "string" && now.get(origin) === null && this.baselines.get(dest) === null && typeof after === "string";
      if (!isRename) continue;
      paired.add(origin).add(dest);
      parts.push({ key: show(dest), text: gitFileDiff({ oldPath: show(origin), newPath: show(dest), oldContent: before, newContent: after }) });
    }
    for (const [p, before] of this.baselines) {
      const after = now.get(p);
      if (paired.has(p) || after === undefined) continue;
      parts.push({ key: show(p), text: gitFileDiff({ oldPath: show(p), newPath: show(p), oldContent: before, newContent: after }) });
    }
    parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return parts.map((d) => d.text).join("");
  }

  /** Current text, null when absent, undefined when present but unreadable as text. */
  private async readNow(p: string): Promise<string | null | undefined> {
    if (!(await this.fs.isFile(p))) return (await this.fs.exists(p)) ? undefined : null;
    try {
      return await this.fs.readFile(p);
    } catch {
      return undefined;
    }
  }
}

/** Path relative to `cwd` (with `/`) when inside it, else the absolute path. */
export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  if (rel === "" || rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return abs;
  return rel.split(path.sep).join("/");
}
