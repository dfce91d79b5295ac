#!/usr/bin/env node
// codex-exec launcher: tunes V8 for a short-lived CLI, then runs the bundle in dist/ (built by `npm run build`).
import { setFlagsFromString } from "node:v8";

// Set before the bundle loads, so every function and allocation runs under them. The library entry
// (dist/index.js) is not affected: it runs in other people's processes. README "Performance" has the numbers.

// Keep the young generation at its initial 1 MiB semispace instead of letting it double up to 16 MiB:
// streaming a long response then costs less resident memory for a little more GC. Still pays (npm run
// bench, 2026-12-08, this launcher with and without the flag, medians): 100k-delta stream RSS growth 6.1
// against 13.5 MB (--json) and 6.7 against 13.5 MB (human), plain-run peak 55.3 against 56.4 MB.
// The run-time half of this tuning (collections paced by garbage volume) is src/cli/memory-pacer.ts.
setFlagsFromString("--semi-space-growth-factor=1");

// Tier up to the optimising compiler only for code that runs hot for long (loops over megabytes of tool
// output, diffs of big files), not for the small per-event functions of a long stream: a run lasts
// seconds, and the compiler's first use costs ~8 MB resident (its code pages, a worker's malloc arena)
// while those functions run as fast in baseline code. Tuned and measured on Node 20's V8 (11.3) only: other
// V8 versions tier differently (Maglev), and a flag they lack would print an error, so they keep their defaults.
// Still pays (npm run bench, 2026-12-08, with and without both flags, medians): 100k-delta stream RSS
// growth 5.9 against 13.4 MB (--json) and 6.9 against 15.7 MB (human); 1 GB output growth 13.8 against 16.9 MB.
if (process.versions.v8.startsWith("11.3.")) {
  setFlagsFromString("--interrupt-budget=6758400"); // 100x the default 66 KiB of bytecode per tick
  setFlagsFromString("--max-bytecode-size-for-early-opt=0"); // no early tier-up for tiny functions
}

await import("../dist/codex-exec.js");
