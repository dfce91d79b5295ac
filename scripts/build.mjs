// Bundles src/cli/main.ts (dist/codex-exec.js) and the API entry src/index.ts (dist/index.js), each into one ESM file.
//
// Resolving and loading ~300 separate modules from node_modules costs more than the code in them, so
// everything a plain run needs is bundled. What stays outside is loaded at run time from node_modules:
// - node-pty: a native addon (and optional);
// - the MCP SDK and ajv: imported with `import()` only when MCP servers are configured / --output-schema
//   is given; kept external so those dynamic imports stay dynamic and a plain run never parses them;
// - pino: required (src/log.ts) only when a log entry is actually written;
// - proxy-from-env and the proxy agents: imported with `import()` only when a proxy variable is set
//   (src/model/transport/proxy-routing.ts).
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Packages (and their subpaths) that must be resolved from node_modules at run time. */
export const RUNTIME_EXTERNAL = [
  "node-pty",
  "@modelcontextprotocol/sdk",
  "ajv",
  "pino",
  "proxy-from-env",
  "http-proxy-agent",
  "https-proxy-agent",
  "socks-proxy-agent",
];

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
for (const name of RUNTIME_EXTERNAL) {
  if (!(name in { ...pkg.dependencies, ...pkg.optionalDependencies })) {
    throw new Error(`build: external ${name} must be a (optional) dependency, or it will be missing at run time`);
  }
}

/**
 * zod's namespace (zod/mini's too) re-exports all ~50 locales (`z.locales`); we never switch locale, and
 * evaluating them costs a few ms and ~1.5 MB at every start. Only English is kept (src/protocol/zod.ts installs it).
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

/**
 * The openai SDK touches `Headers` (every request, and its debug log) and `FormData` (every body check); in
 * Node 20 either loads undici, ~10 MB of resident memory in a run that never uses it (our transport is
 * node:http). In the bundle, SDK modules that name them import src/model/transport/sdk-web-globals.ts instead.
 * test/e2e/lean-startup.test.ts fails if a run loads undici again.
 */
const SDK_GLOBALS = ["Headers", "FormData"];
const sdkWithoutUndici = {
  name: "sdk-without-undici",
  setup(b) {
    const shim = fileURLToPath(new URL("../src/model/transport/sdk-web-globals.ts", import.meta.url));
    b.onLoad({ filter: /[\\/]node_modules[\\/]openai[\\/].*\.mjs$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const names = SDK_GLOBALS.filter((name) => new RegExp(`(new |instanceof )${name}\\b`).test(text));
      if (names.length === 0) return undefined;
      return { contents: `import { ${names.join(", ")} } from ${JSON.stringify(shim)};\n${text}`, loader: "js", resolveDir: path.dirname(args.path) };
    });
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
  plugins: [zodEnglishOnly, sdkWithoutUndici],
  logLevel: "warning",
};

// The CLI, and the TypeScript API (`import { Codex } from "codex-exec"`); types come from tsconfig.types.json.
await Promise.all([
  build({ ...shared, entryPoints: ["src/cli/main.ts"], outfile: "dist/codex-exec.js" }),
  build({ ...shared, entryPoints: ["src/index.ts"], outfile: "dist/index.js" }),
]);
