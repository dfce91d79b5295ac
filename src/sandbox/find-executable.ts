// Looks a program up on a PATH string (the child's PATH, not ours).

import { accessSync, constants } from "node:fs";
import path from "node:path";

/** Absolute path of `name` on `pathVar`, or null when no executable of that name is found. */
export function findExecutable(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here (or not executable): try the next PATH entry.
    }
  }
  return null;
}
