// Notices a stdout pipe whose reader has gone (`| head -1` exiting) before we next write to it (Linux, /proc).
//
// A write to such a pipe fails with EPIPE, but a run may write nothing for minutes (a long command, a
// slow model turn, or human mode, whose stdout gets only the final answer). Nothing in Node polls a
// pipe's write end, so we look at who holds its read end: /proc/<pid>/fd links name the pipe, and a
// link's mode says how it was opened. Only a reader we once saw and then lost counts as "gone": one we
// cannot see (another pid namespace, another user) leaves the watch idle, and EPIPE remains the signal.

import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";

/** A pipeline's other commands are forked next to us: their pids are looked at first, synchronously. */
const NEIGHBOUR_PIDS = 16;

export interface ReaderWatchOptions {
  /** How often the known readers are checked. */
  intervalMs: number;
  /** Called once, when no process holds the read end any more. */
  onGone: () => void;
}

/**
 * Start watching; returns a function that stops it. The first look is at once, while a reader that will
 * leave soon (`head -1`) is still there. A stdout that is not a pipe, or no /proc, is not watched.
 */
export function watchStdoutReaders(opts: ReaderWatchOptions): () => void {
  const proc = "/proc";
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pipe = "";
  try {
    pipe = readlinkSync(`${proc}/self/fd/1`);
  } catch {
    return () => undefined;
  }
  if (!pipe.startsWith("pipe:")) return () => undefined;
  // Now, before the start-up work keeps the event loop busy: `head -1` may be gone by the time it is free.
  const neighbours = neighbourReaders(proc, pipe);
  const run = async (): Promise<void> => {
    let readers = neighbours.length > 0 ? neighbours : await findReaders(proc, pipe, null);
    if (readers.length === 0) return;
    const tick = async (): Promise<void> => {
      if (stopped) return;
      readers = await findReaders(proc, pipe, readers);
      // The known holders let go: someone else may have taken the pipe over, so look everywhere once.
      if (readers.length === 0) readers = await findReaders(proc, pipe, null);
      if (stopped) return;
      if (readers.length === 0) {
        opts.onGone();
        return;
      }
      timer = setTimeout(() => void tick(), opts.intervalMs);
      timer.unref();
    };
    timer = setTimeout(() => void tick(), opts.intervalMs);
    timer.unref();
  };
  void run().catch(() => undefined);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Readers of `pipe` among the pids just around ours (a shell pipeline's siblings), found without yielding. */
function neighbourReaders(proc: string, pipe: string): string[] {
  const found: string[] = [];
  for (let pid = process.pid - NEIGHBOUR_PIDS; pid <= process.pid + NEIGHBOUR_PIDS; pid++) {
    if (pid <= 0 || pid === process.pid) continue;
    const fdDir = `${proc}/${pid}/fd`;
    let fds: string[];
    try {
      fds = readdirSync(fdDir);
    } catch {
      continue;
    }
    const reads = fds.some((fd) => {
      try {
        return readlinkSync(`${fdDir}/${fd}`) === pipe && (lstatSync(`${fdDir}/${fd}`).mode & 0o400) !== 0;
      } catch {
        return false;
      }
    });
    if (reads) found.push(String(pid));
  }
  return found;
}

/** Pids (other than ours) holding `pipe` open for reading; among `among`, or among every process when null. */
async function findReaders(proc: string, pipe: string, among: readonly string[] | null): Promise<string[]> {
  const self = String(process.pid);
  const pids = among ?? (await readdir(proc).catch(() => [] as string[])).filter((p) => /^\d+$/.test(p) && p !== self);
  const found: string[] = [];
  for (const pid of pids) {
    if (await holdsReadEnd(`${proc}/${pid}/fd`, pipe)) found.push(pid);
  }
  return found;
}

async function holdsReadEnd(fdDir: string, pipe: string): Promise<boolean> {
  const fds = await readdir(fdDir).catch(() => [] as string[]);
  for (const fd of fds) {
    const link = `${fdDir}/${fd}`;
    if ((await readlink(link).catch(() => "")) !== pipe) continue;
    // The link's owner bits mirror the open mode: r for O_RDONLY and O_RDWR.
    const mode = await lstat(link).then((s) => s.mode, () => 0);
    if ((mode & 0o400) !== 0) return true;
  }
  return false;
}
