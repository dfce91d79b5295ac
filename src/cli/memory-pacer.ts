// Collects the read buffers of bulk command output as it arrives, so a command printing gigabytes leaves resident memory flat.
//
// Each chunk read from a pipe is a fresh buffer that is garbage as soon as the capture copied it. The JS
// objects per chunk are tiny, so the young generation fills slowly and V8 first collects those buffers
// when 64 MiB of them are pending (its external-memory limit): +54 MB peak RSS for a 1 GB output. A
// young-generation collection every few MiB of output frees them for ~0.1 ms each (README "Performance").

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Output between two collections. */
export const COLLECT_EVERY_BYTES = 2 * 1024 * 1024;

export type Collect = () => void;

/** Counts output bytes and collects after every `everyBytes`; the collector is made on first use only. */
export class MemoryPacer {
  private pending = 0;
  private collect: Collect | null = null;

  constructor(
    private readonly everyBytes: number = COLLECT_EVERY_BYTES,
    private readonly makeCollector: () => Collect = youngGenerationGc,
  ) {}

  note(bytes: number): void {
    this.pending += bytes;
    if (this.pending < this.everyBytes) return;
    this.pending = 0;
    this.collect ??= this.makeCollector();
    this.collect();
  }
}

type GcFunction = (options: { type: "minor" | "major"; execution: "sync" | "async" }) => void;

/**
 * V8's scavenge, as `--expose-gc` offers it. The flag only affects contexts created after it is set, so
 * the function is taken from a fresh context (about 2 MB, paid by runs with bulk output only).
 */
export function youngGenerationGc(): Collect {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as GcFunction;
  return () => gc({ type: "minor", execution: "sync" });
}
