// Collects the garbage a run makes in bulk as it goes, so neither gigabytes of command output nor a long answer grow resident memory.
//
// The V8 tuning of the CLI is in two places only: the flags that must be set before the bundle loads
// (bin/codex-exec.js, with their measured gains) and this pacing, which runs during the run.
//
// Command output: each chunk read from a pipe is a fresh buffer that is garbage as soon as the capture
// copied it. The JS objects per chunk are tiny, so the young generation fills slowly and V8 first collects
// those buffers when 64 MiB of them are pending (its external-memory limit): +54 MB peak RSS for a 1 GB
// output. A young-generation collection every few MiB of output frees them for ~0.1 ms each.
//
// Long answers: the events that end a response each repeat its whole text, and each copy (decoded, joined,
// parsed, written to the rollout and to stdout) is a large object that outlives the young-generation
// collection its own size triggers. So it lands in the old generation, which V8 first collects when that
// reaches tens of MB: an 800 kB answer left ~9 MB of such copies. A full collection after every few
// hundred kB of them (a few ms each) keeps it to the live ones (README "Performance").

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Command output between two collections. */
export const COLLECT_EVERY_BYTES = 2 * 1024 * 1024;

/** Large model payloads (characters) between two full collections. */
export const COLLECT_EVERY_PAYLOAD_CHARS = 512 * 1024;

export type Collect = () => void;

/** Counts bytes of garbage and collects after every `everyBytes`; the collector is made on first use only. */
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

/**
 * A full collection, as V8's own `%CollectGarbage` does it. `--expose-gc` would need a fresh context for
 * its `gc` (the flag only reaches contexts made after it), and a context costs more resident memory than
 * the collections win back here. So the flag that admits V8's runtime calls is on only while this module
 * compiles and calls its one function (V8 may compile a function again after dropping its bytecode), and
 * left as it was found. Where that is refused (code generation from strings disallowed), collecting is
 * left to V8.
 */
export function fullGc(): Collect {
  const compile = (): (() => void) => new Function("%CollectGarbage(null)") as () => void;
  try {
    // Already admitted (node --allow-natives-syntax): nothing to switch.
    return compile();
  } catch {
    // Not admitted, as normally: switched on below for each use.
  }
  const withRuntimeCalls = <T>(fn: () => T): T => {
    setFlagsFromString("--allow-natives-syntax");
    try {
      return fn();
    } finally {
      setFlagsFromString("--no-allow-natives-syntax");
    }
  };
  let collect: () => void;
  try {
    collect = withRuntimeCalls(compile);
  } catch {
    return () => undefined;
  }
  return () => withRuntimeCalls(collect);
}
