// Append-only file access: O_APPEND opens and whole-buffer writes, so lines from many processes never interleave.

import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";

/**
 * Open `file` for appending (O_WRONLY|O_CREAT|O_APPEND, or O_RDWR with `repairTornTail`),
 * creating its folders first. With `repairTornTail`, a file not ending in "\n" (a writer was
 * killed mid-line) first gets a "\n", so the next line does not fuse with the torn one.
 */
export async function openForAppend(file: string, opts: { repairTornTail: boolean }): Promise<FileHandle> {
  await mkdir(path.dirname(file), { recursive: true });
  // Session transcripts can hold secrets: readable by the owner only.
  const handle = await open(file, opts.repairTornTail ? "a+" : "a", 0o600);
  try {
    if (opts.repairTornTail) await terminateTornTail(handle);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * Append `data` with one write(2) call (O_APPEND makes it atomic against other appenders on a
 * local file system); only a short write (disk full, signal) needs a second call for the rest.
 */
export async function appendWhole(handle: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
    if (bytesWritten <= 0) throw new Error(`write made no progress after ${offset} of ${data.length} bytes`);
    offset += bytesWritten;
  }
}

async function terminateTornTail(handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const last = new Uint8Array(1);
  await handle.read(last, 0, 1, size - 1);
  if (last[0] !== 0x0a) await appendWhole(handle, new Uint8Array([0x0a]));
}
