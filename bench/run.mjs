#!/usr/bin/env node
// `npm run bench`: build the CLI, compile the benchmark (it reuses test/support's mock server) and run it.
// Arguments are passed on: `npm run bench -- --quick`, `--only startup,plain`, `--json-out before.json`.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = spawnSync(process.execPath, [path.join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);

const outdir = mkdtempSync(path.join(os.tmpdir(), "codex-exec-bench-"));
let code = 1;
try {
  const outfile = path.join(outdir, "bench.mjs");
  await build({
    entryPoints: [path.join(root, "bench", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
  const { main } = await import(pathToFileURL(outfile).href);
  code = await main(process.argv.slice(2), root);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
process.exit(code);
