// Bundles src/cli/main.ts into dist/codex-exec.js (dependencies stay in node_modules).
import { build } from "esbuild";
import { readFile } from "node:fs/promises";

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: "dist/codex-exec.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  loader: { ".md": "text" },
  define: { __CODEX_EXEC_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
});
