// Vitest setup: markdown imports as text (like the esbuild build) and the version constant.

import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  define: { __CODEX_EXEC_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    {
      name: "markdown-as-text",
      transform(code, id) {
        return id.endsWith(".md") ? { code: `export default ${JSON.stringify(code)};`, map: null } : null;
      },
    },
  ],
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
