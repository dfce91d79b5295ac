// `-o FILE`: checked before the run, written atomically only when the turn completed.

import { accessSync, constants, lstatSync } from "node:fs";
import path from "node:path";
import { fsErrorReason, makeDirs, writeFileAtomic } from "../engine/user-paths.js";
import { StartupError } from "../errors.js";

/** Fail fast on a path we could not write later; creates missing parent directories. */
export function prepareLastMessageFile(file: string): void {
  const fail = (why: string): never => {
    throw new StartupError("output_file_invalid", `Error: Failed to open last message file "${file}": ${why}`);
  };
  const dir = path.dirname(path.resolve(file));
  try {
    const st = lstatSync(file, { throwIfNoEntry: false });
    if (st?.isSymbolicLink()) fail("it is a symbolic link; pass the real path");
    if (st?.isDirectory()) fail("it is a directory; pass a file path");
    makeDirs(dir);
    // The file is replaced by a temp file renamed over it: the folder must take new files.
    accessSync(dir, constants.W_OK);
  } catch (err) {
    if (err instanceof StartupError) throw err;
    fail(`${fsErrorReason(err)}; pass a path in a folder you can write to`);
  }
}

/** Replace the file's content in one step (temp file + rename), so readers never see half of it. */
export function writeLastMessageFile(file: string, content: string): void {
  try {
    writeFileAtomic(file, content);
  } catch (err) {
    throw new StartupError("output_file_invalid", `Error: Failed to write last message file "${file}": ${fsErrorReason(err)}`);
  }
}
