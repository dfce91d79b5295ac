// `-o FILE`: checked before the run, written atomically only when the turn completed.

import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { StartupError } from "../errors.js";

/** Fail fast on a path we could not write later; creates missing parent directories. */
export function prepareLastMessageFile(file: string): void {
  const fail = (why: string): never => {
    throw new StartupError("output_file_invalid", `Error: Failed to open last message file "${file}": ${why}`);
  };
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) fail("it is a symbolic link; pass the real path");
  if (st?.isDirectory()) fail("it is a directory; pass a file path");
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } catch (err) {
    fail((err as Error).message);
  }
}

/** Replace the file's content in one step (temp file + rename), so readers never see half of it. */
export function writeLastMessageFile(file: string, content: string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new StartupError(
      "output_file_invalid",
      `Error: Failed to write last message file "${file}": ${(err as Error).message}`,
    );
  }
}
