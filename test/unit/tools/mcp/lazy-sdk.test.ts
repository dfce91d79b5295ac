// Plain runs never load the MCP SDK: it is reachable from the CLI entry only through `await import()`.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../../../src/", import.meta.url));
const SDK = "@modelcontextprotocol/sdk";

interface Ref {
  specifier: string;
  kind: "value" | "type" | "dynamic";
}

/** Import/export-from statements at the start of a line (so doc comments never count), and `import()` calls. */
function refs(src: string): Ref[] {
  const out: Ref[] = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^;'"]*?\bfrom\s*)?["']([^"']+)["']/gm)) {
    out.push({ specifier: m[2] ?? "", kind: m[1] ? "type" : "value" });
  }
  for (const m of src.matchAll(/\bimport\(\s*["'`]([^"'`]+)["'`]/g)) out.push({ specifier: m[1] ?? "", kind: "dynamic" });
  return out;
}

function read(rel: string): string {
  return readFileSync(path.join(SRC, rel), "utf8");
}

/** Every src file reachable from `entry` through value (non-type, non-dynamic) imports, relative to src/. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() ?? "";
    if (seen.has(file)) continue;
    seen.add(file);
    for (const r of refs(read(file))) {
      if (r.kind !== "value" || !r.specifier.startsWith(".")) continue;
      queue.push(path.relative(SRC, path.resolve(SRC, path.dirname(file), r.specifier)).replace(/\.js$/, ".ts"));
    }
  }
  return seen;
}

describe("the MCP SDK is loaded lazily", () => {
  const closure = staticClosure(path.join("cli", "main.ts"));

  it("the scanner follows the real graph", () => {
    expect(closure).toContain(path.join("engine", "build-tools.ts"));
    expect(closure).toContain(path.join("tools", "tool-router.ts"));
  });

  it("nothing the CLI entry statically imports imports the SDK or the MCP layer", () => {
    const offenders = [...closure].filter(
      (file) => file.startsWith(path.join("tools", "mcp")) || refs(read(file)).some((r) => r.kind === "value" && r.specifier.startsWith(SDK)),
    );
    expect(offenders).toEqual([]);
  });

  it("build-tools reaches the MCP layer only through `await import(`", () => {
    const src = read(path.join("engine", "build-tools.ts"));
    expect(refs(src).filter((r) => r.specifier.includes("/mcp/"))).toEqual([
      { specifier: "../tools/mcp/start-mcp-servers.js", kind: "type" },
      { specifier: "../tools/mcp/start-mcp-servers.js", kind: "dynamic" },
    ]);
    expect(src).toContain('await import("../tools/mcp/start-mcp-servers.js")');
  });

  it("inside the MCP layer the SDK is imported for values only by load-mcp-sdk.ts, dynamically", () => {
    const mcpFiles = [...staticClosure(path.join("tools", "mcp", "start-mcp-servers.ts"))];
    const valueRefs = mcpFiles.flatMap((file) =>
      refs(read(file))
        .filter((r) => r.specifier.startsWith(SDK) && r.kind !== "type")
        .map((r) => `${file}: ${r.kind} ${r.specifier}`),
    );
    expect(valueRefs).toEqual([
      `${path.join("tools", "mcp", "load-mcp-sdk.ts")}: dynamic ${SDK}/client/index.js`,
      `${path.join("tools", "mcp", "load-mcp-sdk.ts")}: dynamic ${SDK}/client/stdio.js`,
      `${path.join("tools", "mcp", "load-mcp-sdk.ts")}: dynamic ${SDK}/client/streamableHttp.js`,
    ]);
  });
});
