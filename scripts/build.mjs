// Bundles src/cli/main.ts (dist/codex-exec.js) and the API entry src/index.ts (dist/index.js), each into one ESM file.
//
// Resolving and loading ~300 separate modules from node_modules costs more than the code in them, so
// everything a plain run needs is bundled. What stays outside is loaded at run time from node_modules:
// - node-pty: a native addon (and optional);
// - the MCP SDK and ajv: imported with `import()` only when MCP servers are configured / --output-schema
//   is given; kept external so those dynamic imports stay dynamic and a plain run never parses them;
// - pino: required (src/log.ts) only when a log entry is actually written.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import path from "node:path";

/** Packages (and their subpaths) that must be resolved from node_modules at run time. */
export const RUNTIME_EXTERNAL = ["node-pty", "@modelcontextprotocol/sdk", "ajv", "pino"];

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
for (const name of RUNTIME_EXTERNAL) {
  if (!(name in { ...pkg.dependencies, ...pkg.optionalDependencies })) {
    throw new Error(`build: external ${name} must be a (optional) dependency, or it will be missing at run time`);
  }
}

/**
 * zod's namespace re-exports all ~50 locales (`z.locales`); we never switch locale, and evaluating them
 * at every start costs a few ms. Only English (zod's default) is kept.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: path.join(path.dirname(args.importer), "../locales/en.js"), namespace: "zod-english-only" };
    });
    b.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

const shared = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: RUNTIME_EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  // Bundled CommonJS packages (pino, commander…) call `require` for Node built-ins; ESM has none.
  banner: { js: 'import { createRequire as __codexExecCreateRequire } from "node:module";\nconst require = __codexExecCreateRequire(import.meta.url);' },
  // A third less to read and parse at every start. Only whitespace: identifiers stay readable in stack
  // traces, and minifySyntax's rewrites measured slower in the hot loops (the 1 GB tool-output bench).
  minifyWhitespace: true,
  legalComments: "linked",
  sourcemap: "linked",
  loader: { ".md": "text" },
  define: { __CODEX_EXEC_VERSION__: JSON.stringify(pkg.version) },
  plugins: [zodEnglishOnly],
  logLevel: "warning",
};

// The CLI, and the TypeScript API (`import { Codex } from "codex-exec"`); types come from tsconfig.types.json.
await Promise.all([
  build({ ...shared, entryPoints: ["src/cli/main.ts"], outfile: "dist/codex-exec.js" }),
  build({ ...shared, entryPoints: ["src/index.ts"], outfile: "dist/index.js" }),
]);
