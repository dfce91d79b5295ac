// Enforces the layering of style.md §7: which src/ folders may import which, and where process/console may appear.

import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

/** A layer is a top-level folder of src/ (`agent`) or a top-level file (`errors.ts`). */
type Layer = string;

interface Rule {
  /** src layers that may be imported with a value import. */
  values: readonly Layer[];
  /** src layers that may be imported only with `import type` / `export type`. */
  typesOnly?: readonly Layer[];
  /** Third-party packages allowed; "any" for no restriction. */
  thirdParty: readonly string[] | "any";
  /** Whether Node built-ins (`node:fs`, `fs`) may be imported. */
  nodeBuiltins: boolean;
  /** Whether the source may mention `process.` / `console.`. */
  processAndConsole: boolean;
  /** Whether the source may call `setTimeout` / `setInterval`. */
  timers: boolean;
}

const LAYERS = ["protocol", "errors.ts", "config", "model", "sandbox", "tools", "rollout", "agent", "render", "engine", "sdk", "cli", "log.ts", "index.ts"];

const RULES: Record<Layer, Rule> = {
  protocol: { values: ["protocol"], thirdParty: ["zod"], nodeBuiltins: false, processAndConsole: false, timers: true },
  "errors.ts": { values: [], typesOnly: ["protocol"], thirdParty: [], nodeBuiltins: false, processAndConsole: false, timers: true },
  config: { values: ["protocol", "errors.ts", "config"], thirdParty: "any", nodeBuiltins: true, processAndConsole: false, timers: true },
  // responses/ and chat/ (the wires), transport/ (node:http fetch, proxies, SDK glue), cassettes/ (record/replay).
  model: {
    values: ["protocol", "errors.ts", "model"],
    thirdParty: ["openai", "eventsource-parser", "proxy-from-env", "http-proxy-agent", "https-proxy-agent", "socks-proxy-agent"],
    nodeBuiltins: true,
    processAndConsole: false,
    timers: true,
  },
  sandbox: { values: ["protocol", "errors.ts", "sandbox"], thirdParty: "any", nodeBuiltins: true, processAndConsole: false, timers: true },
  tools: {
    values: ["protocol", "errors.ts", "sandbox", "tools"],
    thirdParty: "any",
    nodeBuiltins: true,
    processAndConsole: false,
    timers: true,
  },
  // Session files: reading and writing rollouts, finding sessions to resume.
  rollout: { values: ["protocol", "errors.ts", "rollout"], thirdParty: ["ndjson"], nodeBuiltins: true, processAndConsole: false, timers: true },
  agent: {
    values: ["protocol", "errors.ts", "agent"],
    // The agent sees model/, tools/, config/ and rollout/ only through their interfaces; implementations are injected.
    typesOnly: ["model", "tools", "config", "rollout"],
    thirdParty: [],
    nodeBuiltins: false,
    processAndConsole: false,
    timers: false,
  },
  render: { values: ["protocol", "render"], thirdParty: [], nodeBuiltins: false, processAndConsole: false, timers: true },
  // The one run path: composes every layer below it; never the cli, the sdk or a renderer, never the process.
  engine: {
    values: LAYERS.filter((l) => l !== "cli" && l !== "sdk" && l !== "render" && l !== "index.ts"),
    thirdParty: "any",
    nodeBuiltins: true,
    processAndConsole: false,
    timers: true,
  },
  // The TypeScript API (@openai/codex-sdk shape): a thin adapter over the engine beside the cli; reads process.env/cwd as defaults.
  sdk: {
    values: ["engine", "protocol", "render", "errors.ts", "sdk"],
    thirdParty: "any",
    nodeBuiltins: true,
    processAndConsole: true,
    timers: true,
  },
  // The package entry: re-exports the API.
  "index.ts": { values: ["sdk", "protocol", "errors.ts"], thirdParty: [], nodeBuiltins: false, processAndConsole: false, timers: true },
  cli: { values: LAYERS, thirdParty: "any", nodeBuiltins: true, processAndConsole: true, timers: true },
  "log.ts": { values: LAYERS, thirdParty: "any", nodeBuiltins: true, processAndConsole: true, timers: true },
  // Ambient declarations only (`declare module "*.md"`): nothing to import.
  "markdown.d.ts": { values: [], thirdParty: [], nodeBuiltins: false, processAndConsole: false, timers: true },
};

// ---------------------------------------------------------------------------------------------
// A tiny lexer: enough of TypeScript to tell code from comments, strings, templates and regexes.

interface Lexed {
  /** Source with comments blanked (strings kept): for finding import specifiers. */
  noComments: string;
  /** Source with comments and the contents of strings, templates and regexes blanked. */
  codeOnly: string;
}

const REGEX_PRECEDERS = new Set(["(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "+", "-", "*", "%", "<", ">", "~", "^"]);
const REGEX_KEYWORDS = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|void|throw|delete|new|yield|await)$/;

function lex(src: string): Lexed {
  const keep: string[] = [];
  const code: string[] = [];
  const blank = (s: string): string => s.replace(/[^\n]/g, " ");
  let i = 0;
  let lastSignificant = "";
  const braceStack: Array<"code" | "template"> = [];
  const push = (kept: string, codeText: string): void => {
    keep.push(kept);
    code.push(codeText);
  };
  const readTemplate = (start: number): number => {
    // From just after ` (or after the } closing a ${ }) to the end of the template or the next ${.
    let j = start;
    while (j < src.length) {
      const c = src[j];
      if (c === "\\") {
        j += 2;
        continue;
      }
      if (c === "`") return j + 1;
      if (c === "$" && src[j + 1] === "{") {
        braceStack.push("template");
        return j + 2;
      }
      j++;
    }
    return j;
  };
  while (i < src.length) {
    const c = src[i] ?? "";
    const next = src[i + 1] ?? "";
    if (c === "/" && next === "/") {
      const end = src.indexOf("\n", i);
      const stop = end < 0 ? src.length : end;
      const text = src.slice(i, stop);
      push(blank(text), blank(text));
      i = stop;
      continue;
    }
    if (c === "/" && next === "*") {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      const text = src.slice(i, stop);
      push(blank(text), blank(text));
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== "\n") j += src[j] === "\\" ? 2 : 1;
      const text = src.slice(i, j + 1);
      push(text, c + blank(text.slice(1, -1)) + c);
      i = j + 1;
      lastSignificant = c;
      continue;
    }
    if (c === "`") {
      const stop = readTemplate(i + 1);
      const text = src.slice(i, stop);
      push(text, "`" + blank(text.slice(1)));
      i = stop;
      lastSignificant = "`";
      continue;
    }
    if (c === "}" && braceStack.at(-1) === "template") {
      braceStack.pop();
      const stop = readTemplate(i + 1);
      const text = src.slice(i, stop);
      push(text, blank(text));
      i = stop;
      lastSignificant = "`";
      continue;
    }
    if (c === "/") {
      const before = src.slice(Math.max(0, i - 12), i).trimEnd();
      if (lastSignificant === "" || REGEX_PRECEDERS.has(lastSignificant) || REGEX_KEYWORDS.test(before)) {
        let j = i + 1;
        let inClass = false;
        while (j < src.length && src[j] !== "\n") {
          const d = src[j];
          if (d === "\\") {
            j += 2;
            continue;
          }
          if (d === "[") inClass = true;
          else if (d === "]") inClass = false;
          else if (d === "/" && !inClass) break;
          j++;
        }
        const text = src.slice(i, j + 1);
        push(text, "/" + blank(text.slice(1, -1)) + "/");
        i = j + 1;
        lastSignificant = "/regex";
        continue;
      }
    }
    if (c === "{") braceStack.push("code");
    if (c === "}") braceStack.pop();
    if (!/\s/.test(c)) lastSignificant = /[\w$]/.test(c) ? "word" : c;
    push(c, c);
    i++;
  }
  return { noComments: keep.join(""), codeOnly: code.join("") };
}

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  dynamic: boolean;
}

const STATIC_IMPORT = /(?:^|[^\w$.])(import|export)\s+(type\s+)?(?:[^;'"`]*?\bfrom\s*)?(["'])([^"'\n]+)\3/g;
const DYNAMIC_IMPORT = /(?:^|[^\w$.])(?:import|require)\s*\(\s*(["'`])([^"'`\n]+)\1/g;
const NON_LITERAL_DYNAMIC = /(?:^|[^\w$.])import\s*\(\s*[^"'`\s)]/g;

/** Every import / export-from specifier in a source file (comments ignored). */
function findImports(src: string): ImportRef[] {
  const { noComments } = lex(src);
  const out: ImportRef[] = [];
  for (const m of noComments.matchAll(STATIC_IMPORT)) {
    out.push({ specifier: m[4] ?? "", typeOnly: m[2] !== undefined, dynamic: false });
  }
  for (const m of noComments.matchAll(DYNAMIC_IMPORT)) out.push({ specifier: m[2] ?? "", typeOnly: false, dynamic: true });
  for (const _ of noComments.matchAll(NON_LITERAL_DYNAMIC)) out.push({ specifier: "<non-literal>", typeOnly: false, dynamic: true });
  return out;
}

type Target =
  | { kind: "src"; layer: Layer }
  | { kind: "outside"; path: string }
  | { kind: "node"; name: string }
  | { kind: "package"; name: string }
  | { kind: "unknown" };

const BUILTINS = new Set(builtinModules);

function classify(fromFile: string, specifier: string): Target {
  if (specifier === "<non-literal>") return { kind: "unknown" };
  if (specifier.startsWith(".") || specifier.startsWith("/")) {
    const abs = path.resolve(path.dirname(fromFile), specifier);
    const rel = path.relative(SRC, abs);
    if (rel.startsWith("..") || path.isAbsolute(rel)) return { kind: "outside", path: rel };
    return { kind: "src", layer: layerOf(rel) };
  }
  if (specifier.startsWith("node:")) return { kind: "node", name: specifier };
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
  if (BUILTINS.has(name)) return { kind: "node", name: `node:${name}` };
  return { kind: "package", name };
}

/** `agent/run-turn.ts` → `agent`; `errors.ts` or `errors.js` → `errors.ts`. */
function layerOf(relToSrc: string): Layer {
  const parts = relToSrc.split(path.sep);
  if (parts.length > 1) return parts[0] ?? relToSrc;
  return relToSrc.replace(/\.js$/, ".ts");
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function describeTarget(t: Target): string {
  switch (t.kind) {
    case "src":
      return t.layer.endsWith(".ts") ? t.layer : `${t.layer}/`;
    case "outside":
      return `${t.path} (outside src/)`;
    case "node":
      return t.name;
    case "package":
      return `third-party \`${t.name}\``;
    case "unknown":
      return "a non-literal dynamic import";
  }
}

/** Every import of `file` its layer's rule forbids, as `file: imports X`. */
function importViolations(file: string, src: string, rule: Rule): string[] {
  const rel = path.relative(path.dirname(SRC), file);
  const out: string[] = [];
  for (const ref of findImports(src)) {
    const t = classify(file, ref.specifier);
    let why: string | null = null;
    switch (t.kind) {
      case "src":
        if (rule.values.includes(t.layer)) break;
        if (rule.typesOnly?.includes(t.layer)) {
          if (!ref.typeOnly) why = `value import; only \`import type\` is allowed from ${describeTarget(t)}`;
          break;
        }
        why = "layer not allowed";
        break;
      case "outside":
        if (rule.values !== LAYERS) why = "reaches outside src/";
        break;
      case "node":
        if (!rule.nodeBuiltins) why = "Node built-ins not allowed here";
        break;
      case "package":
        if (rule.thirdParty !== "any" && !rule.thirdParty.includes(t.name)) why = "third-party package not allowed here";
        break;
      case "unknown":
        why = "cannot be checked";
        break;
    }
    if (why) out.push(`${rel}: imports ${JSON.stringify(ref.specifier)} → ${describeTarget(t)} (${why})`);
  }
  return out;
}

const GLOBAL_USES: Array<{ re: RegExp; what: string; allowed: (r: Rule) => boolean }> = [
  { re: /\bprocess\./, what: "process.", allowed: (r) => r.processAndConsole },
  { re: /\bconsole\./, what: "console.", allowed: (r) => r.processAndConsole },
  { re: /\bsetTimeout\b/, what: "setTimeout", allowed: (r) => r.timers },
  { re: /\bsetInterval\b/, what: "setInterval", allowed: (r) => r.timers },
];

function globalViolations(file: string, src: string, rule: Rule): string[] {
  const rel = path.relative(path.dirname(SRC), file);
  const lines = lex(src).codeOnly.split("\n");
  const out: string[] = [];
  for (const { re, what, allowed } of GLOBAL_USES) {
    if (allowed(rule)) continue;
    lines.forEach((line, n) => {
      if (re.test(line)) out.push(`${rel}:${n + 1}: uses ${what}`);
    });
  }
  return out;
}

const FILES = listTs(SRC).map((file) => ({
  file,
  rel: path.relative(SRC, file),
  layer: layerOf(path.relative(SRC, file)),
  src: readFileSync(file, "utf8"),
}));

describe("the scanner itself", () => {
  it.each([
    { name: "static named import", src: `import { a } from "./x.js";`, want: [["./x.js", false, false]] },
    { name: "type-only import", src: `import type { A } from "../y.js";`, want: [["../y.js", true, false]] },
    { name: "inline type specifiers are not type-only", src: `import { type A } from "z";`, want: [["z", false, false]] },
    { name: "multi-line import", src: `import {\n  a,\n  b,\n} from 'multi';`, want: [["multi", false, false]] },
    { name: "side-effect import", src: `import "side";`, want: [["side", false, false]] },
    { name: "default + namespace", src: `import d, * as ns from "openai";`, want: [["openai", false, false]] },
    { name: "export star from", src: `export * from "./e.js";`, want: [["./e.js", false, false]] },
    { name: "export type from", src: `export type { T } from "./t.js";`, want: [["./t.js", true, false]] },
    { name: "dynamic import", src: `const m = await import("node:fs");`, want: [["node:fs", false, true]] },
    { name: "dynamic import, template", src: "await import(`./lazy.js`);", want: [["./lazy.js", false, true]] },
    { name: "non-literal dynamic import", src: `await import(name);`, want: [["<non-literal>", false, true]] },
    { name: "imports in comments are ignored", src: `// import a from "no";\n/* import b from "nope"; */`, want: [] },
    { name: "plain export is not an import", src: `export const from = "x";`, want: [] },
    { name: "a regex with quotes does not confuse it", src: `const r = /^["']+/;\nimport x from "after";`, want: [["after", false, false]] },
  ])("$name", ({ src, want }) => {
    expect(findImports(src).map((r) => [r.specifier, r.typeOnly, r.dynamic])).toEqual(want);
  });

  it.each([
    { src: `// process.exit(1)\nconst a = 1;`, found: false },
    { src: `/** uses console.log */ const a = 1;`, found: false },
    { src: `const msg = "set process.env.X";`, found: false },
    { src: "const t = `console.log ${x}`;", found: false },
    { src: "const t = `${process.env.HOME}`;", found: true },
    { src: `const v = process.env["X"];`, found: true },
    { src: `const r = /a"b/; console.error(r);`, found: true },
  ])("finds process./console. only in code: $src", ({ src, found }) => {
    const code = lex(src).codeOnly;
    expect(/\bprocess\.|\bconsole\./.test(code)).toBe(found);
  });

  it("the rules bite: a synthetic agent/ file with every kind of forbidden import", () => {
    const fake = path.join(SRC, "agent", "fake.ts");
    const src = [
      `import OpenAI from "openai";`,
      `import { readFile } from "node:fs/promises";`,
      `import { z } from "zod";`,
      `import { runExec } from "../cli/run-exec.js";`,
      `import { ansiStyle } from "../render/style.js";`,
      `import { loadConfig } from "../config/load-config.js";`,
      `import type { ExecConfig } from "../config/resolve-config.js";`,
      `import { emptyUsage } from "../protocol/index.js";`,
      `import { ConfigError } from "../errors.js";`,
      `import { AsyncQueue } from "./async-queue.js";`,
      `const m = await import("../../package.json");`,
      `console.log(process.env.X); setTimeout(() => 0, 1);`,
    ].join("\n");
    const rule = RULES["agent"] as Rule;
    expect(importViolations(fake, src, rule).map((v) => v.replace(/ → .*/, ""))).toEqual([
      'src/agent/fake.ts: imports "openai"',
      'src/agent/fake.ts: imports "node:fs/promises"',
      'src/agent/fake.ts: imports "zod"',
      'src/agent/fake.ts: imports "../cli/run-exec.js"',
      'src/agent/fake.ts: imports "../render/style.js"',
      'src/agent/fake.ts: imports "../config/load-config.js"',
      'src/agent/fake.ts: imports "../../package.json"',
    ]);
    expect(globalViolations(fake, src, rule)).toEqual([
      "src/agent/fake.ts:12: uses process.",
      "src/agent/fake.ts:12: uses console.",
      "src/agent/fake.ts:12: uses setTimeout",
    ]);
  });

  it.each(["zod", "zod/mini", "zod/v4/locales/en.js"])("a subpath import counts as its package: %s", (specifier) => {
    expect(classify(path.join(SRC, "protocol", "x.ts"), specifier)).toEqual({ kind: "package", name: "zod" });
  });

  it("sees the real imports of a known file", () => {
    const main = FILES.find((f) => f.rel === path.join("cli", "main.ts"));
    expect(main).toBeDefined();
    expect(findImports(main?.src ?? "").map((r) => r.specifier)).toEqual(
      expect.arrayContaining(["../errors.js", "./parse-args.js", "./run-exec.js"]),
    );
  });
});

describe("src/ layering (style.md §7)", () => {
  it("finds the source tree", () => {
    expect(FILES.length).toBeGreaterThan(20);
  });

  it("every file belongs to a layer with a rule", () => {
    const uncovered = FILES.filter((f) => RULES[f.layer] === undefined).map((f) => `${f.rel}: no layering rule for \`${f.layer}\``);
    expect(uncovered).toEqual([]);
  });

  describe.each(Object.keys(RULES))("%s", (layer) => {
    const files = FILES.filter((f) => f.layer === layer);
    const rule = RULES[layer] as Rule;

    it("imports only what its layer allows", () => {
      const violations = files.flatMap((f) => importViolations(f.file, f.src, rule));
      expect(violations).toEqual([]);
    });

    if (!rule.processAndConsole || !rule.timers) {
      it("does not touch process/console (or timers where banned)", () => {
        const violations = files.flatMap((f) => globalViolations(f.file, f.src, rule));
        expect(violations).toEqual([]);
      });
    }
  });

  it("only protocol/zod.ts imports zod (mini, with its English messages installed); the rest import z from it", () => {
    const offenders = FILES.filter((f) => f.rel !== path.join("protocol", "zod.ts"))
      .flatMap((f) => findImports(f.src).map((r) => ({ f, t: classify(f.file, r.specifier) })))
      .filter(({ t }) => t.kind === "package" && t.name === "zod")
      .map(({ f }) => `src/${f.rel}: imports zod directly`);
    expect(offenders).toEqual([]);
  });

  it("no Intl or toLocale* outside config/local-time-zone.ts's fallback: they load ~7 MB of ICU data per run", () => {
    const offenders = FILES.filter((f) => f.rel !== path.join("config", "local-time-zone.ts"))
      .filter((f) => /\bIntl\.|\.toLocale[A-Za-z]*\(|\.localeCompare\(/.test(lex(f.src).codeOnly))
      .map((f) => `src/${f.rel}: uses Intl / toLocale* / localeCompare`);
    expect(offenders).toEqual([]);
  });

  it("only cli/, sdk/ (defaults: env, cwd) and log.ts mention process. or console.", () => {
    const offenders = FILES.filter((f) => f.layer !== "cli" && f.layer !== "sdk" && f.layer !== "log.ts")
      .filter((f) => /\bprocess\.|\bconsole\./.test(lex(f.src).codeOnly))
      .map((f) => `src/${f.rel}: uses process./console.`);
    expect(offenders).toEqual([]);
  });
});
