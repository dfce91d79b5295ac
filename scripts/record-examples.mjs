// Launcher for scripts/record-examples.ts: builds the CLI, bundles the script (it reuses the TypeScript mock
// server from test/support) and runs it. Usage: npm run record-examples [-- NAME...]
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
// Two levels below the root, as test/support/ is: the bundled run-cli.ts finds bin/ relative to itself.
mkdirSync(`${root}node_modules/.cache`, { recursive: true });
const outfile = `${root}node_modules/.cache/codex-exec-record-examples.mjs`;
await build({
  entryPoints: [`${root}scripts/record-examples.ts`],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  define: { "import.meta.dirname": JSON.stringify(`${root}scripts`) },
  logLevel: "warning",
});
await import(pathToFileURL(outfile).href);
