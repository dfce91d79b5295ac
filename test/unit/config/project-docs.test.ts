// AGENTS.md discovery against real temp trees: root search, override, fallbacks, byte budget, global docs.

import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  candidateFilenames,
  composeInstructions,
  loadProjectDocs,
  utf8Prefix,
  type DocFs,
  type ProjectDocsOptions,
} from "../../../src/config/project-docs.js";

let tmp: string;
let home: string;
let repo: string;

beforeEach(async () => {
  tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), "codex-exec-project-docs-")));
  home = path.join(tmp, "home");
  repo = path.join(tmp, "repo");
  await mkdir(home);
  await mkdir(path.join(repo, ".git"), { recursive: true });
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Write files under `base` from a `{ "rel/path": text }` map, creating directories. */
async function tree(base: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(base, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

const opts = (o: Partial<ProjectDocsOptions> = {}): ProjectDocsOptions => ({
  codexHome: home,
  cwd: repo,
  maxBytes: 32 * 1024,
  fallbackFilenames: [],
  rootMarkers: [".git"],
  ...o,
});

describe("project docs discovery", () => {
  it("nothing anywhere: null text, no files, no warnings", async () => {
    expect(await loadProjectDocs(opts())).toEqual({ text: null, files: [], warnings: [] });
  });

  it("root AGENTS.md, read as is (not trimmed)", async () => {
    await tree(repo, { "AGENTS.md": "root rules\n" });
    const r = await loadProjectDocs(opts());
    expect(r.text).toBe("root rules\n");
    expect(r.files).toEqual([{ path: path.join(repo, "AGENTS.md"), bytes: 11, truncated: false }]);
  });

  it("root then subdirectories down to cwd, outermost first, joined with a blank line", async () => {
    await tree(repo, { "AGENTS.md": "root", "a/AGENTS.md": "a", "a/b/c/AGENTS.md": "c", "other/AGENTS.md": "no" });
    const r = await loadProjectDocs(opts({ cwd: path.join(repo, "a", "b", "c") }));
    expect(r.text).toBe("root\n\na\n\nc");
    expect(r.files.map((f) => path.relative(repo, f.path))).toEqual(["AGENTS.md", "a/AGENTS.md", "a/b/c/AGENTS.md"]);
  });

  it("does not look above the project root", async () => {
    await tree(tmp, { "AGENTS.md": "above the root" });
    await tree(repo, { "sub/AGENTS.md": "sub" });
    expect((await loadProjectDocs(opts({ cwd: path.join(repo, "sub") }))).text).toBe("sub");
  });

  it("AGENTS.override.md wins over AGENTS.md in the same directory only", async () => {
    await tree(repo, { "AGENTS.md": "root", "AGENTS.override.md": "root override", "sub/AGENTS.md": "sub" });
    expect((await loadProjectDocs(opts({ cwd: path.join(repo, "sub") }))).text).toBe("root override\n\nsub");
  });

  it("fallback names in order, after AGENTS.md, one file per directory", async () => {
    await tree(repo, { "CLAUDE.md": "claude", "README.agents": "readme", "sub/README.agents": "sub readme", "sub/AGENTS.md": "sub" });
    const r = await loadProjectDocs(opts({ cwd: path.join(repo, "sub"), fallbackFilenames: ["README.agents", "CLAUDE.md"] }));
    expect(r.text).toBe("readme\n\nsub");
  });

  it("candidate names: override, AGENTS.md, then fallbacks without blanks or repeats", () => {
    expect(candidateFilenames(["AGENTS.md", "", "X.md", "X.md", "AGENTS.override.md", "Y.md"])).toEqual([
      "AGENTS.override.md",
      "AGENTS.md",
      "X.md",
      "Y.md",
    ]);
  });

  it("a directory named AGENTS.md is not a doc; the next candidate is tried", async () => {
    await mkdir(path.join(repo, "AGENTS.md"));
    await tree(repo, { "CLAUDE.md": "claude" });
    expect((await loadProjectDocs(opts({ fallbackFilenames: ["CLAUDE.md"] }))).text).toBe("claude");
  });

  it("symlinked docs are followed; cwd is canonicalised before the root search", async () => {
    await tree(tmp, { "shared.md": "shared" });
    await symlink(path.join(tmp, "shared.md"), path.join(repo, "AGENTS.md"));
    await tree(repo, { "sub/AGENTS.md": "sub" });
    await symlink(path.join(repo, "sub"), path.join(tmp, "link-to-sub"));
    expect((await loadProjectDocs(opts({ cwd: path.join(tmp, "link-to-sub") }))).text).toBe("shared\n\nsub");
  });

  it("whitespace-only files are skipped and cost no budget", async () => {
    await tree(repo, { "AGENTS.md": " \n\t\n", "sub/AGENTS.md": "12345" });
    const r = await loadProjectDocs(opts({ cwd: path.join(repo, "sub"), maxBytes: 5 }));
    expect(r.text).toBe("12345");
    expect(r.files).toEqual([{ path: path.join(repo, "sub", "AGENTS.md"), bytes: 5, truncated: false }]);
  });
});

describe("project_root_markers", () => {
  beforeEach(async () => {
    await tree(repo, { "AGENTS.md": "root", "pkg/AGENTS.md": "pkg", "pkg/src/AGENTS.md": "src" });
  });
  const cwd = (): string => path.join(repo, "pkg", "src");

  it("default [.git]: a .git directory marks the root", async () => {
    expect((await loadProjectDocs(opts({ cwd: cwd() }))).text).toBe("root\n\npkg\n\nsrc");
  });

  it("a .git file (worktree/submodule) marks the root too", async () => {
    await tree(repo, { "pkg/.git": "gitdir: elsewhere\n" });
    expect((await loadProjectDocs(opts({ cwd: cwd() }))).text).toBe("pkg\n\nsrc");
  });

  it("custom markers: the nearest ancestor holding any of them", async () => {
    await tree(repo, { "pkg/package.json": "{}" });
    expect((await loadProjectDocs(opts({ cwd: cwd(), rootMarkers: [".hg", "package.json"] }))).text).toBe("pkg\n\nsrc");
  });

  it("a marker in cwd itself makes cwd the root", async () => {
    await tree(repo, { "pkg/src/.root": "" });
    expect((await loadProjectDocs(opts({ cwd: cwd(), rootMarkers: [".root"] }))).text).toBe("src");
  });

  it("empty list: only cwd is searched", async () => {
    expect((await loadProjectDocs(opts({ cwd: cwd(), rootMarkers: [] }))).text).toBe("src");
  });

  it("no marker found anywhere: only cwd is searched", async () => {
    const r = await loadProjectDocs(opts({ cwd: cwd(), rootMarkers: [".codex-exec-test-no-such-marker"] }));
    expect(r.text).toBe("src");
  });
});

describe("byte budget (project_doc_max_bytes)", () => {
  it("a file larger than the budget is cut exactly at the budget", async () => {
    await tree(repo, { "AGENTS.md": "0123456789abcdef" });
    const r = await loadProjectDocs(opts({ maxBytes: 10 }));
    expect(r.text).toBe("0123456789");
    expect(r.files).toEqual([{ path: path.join(repo, "AGENTS.md"), bytes: 10, truncated: true }]);
  });

  it("a file of exactly the budget is whole and leaves nothing for the next", async () => {
    await tree(repo, { "AGENTS.md": "0123456789", "sub/AGENTS.md": "more" });
    const r = await loadProjectDocs(opts({ cwd: path.join(repo, "sub"), maxBytes: 10 }));
    expect(r.text).toBe("0123456789");
    expect(r.files.map((f) => f.truncated)).toEqual([false]);
  });

  it("the budget is shared: the file that overflows is cut and later files are dropped", async () => {
    await tree(repo, { "AGENTS.md": "aaaa", "x/AGENTS.md": "bbbbbbbb", "x/y/AGENTS.md": "cccc" });
    const r = await loadProjectDocs(opts({ cwd: path.join(repo, "x", "y"), maxBytes: 10 }));
    expect(r.text).toBe("aaaa\n\nbbbbbb");
    expect(r.files.map((f) => [path.relative(repo, f.path), f.bytes, f.truncated])).toEqual([
      ["AGENTS.md", 4, false],
      ["x/AGENTS.md", 6, true],
    ]);
  });

  it("the separator between files does not count against the budget", async () => {
    await tree(repo, { "AGENTS.md": "aaaaa", "x/AGENTS.md": "bbbbb" });
    expect((await loadProjectDocs(opts({ cwd: path.join(repo, "x"), maxBytes: 10 }))).text).toBe("aaaaa\n\nbbbbb");
  });

  it("the cut never splits a UTF-8 character", async () => {
    await tree(repo, { "AGENTS.md": "ab€cd" }); // € is 3 bytes: a b [e2 82 ac] c d
    for (const [max, want] of [[2, "ab"], [3, "ab"], [4, "ab"], [5, "ab€"], [6, "ab€c"]] as const) {
      expect((await loadProjectDocs(opts({ maxBytes: max }))).text).toBe(want);
    }
  });

  it("0 disables project docs but keeps the global ones", async () => {
    await tree(repo, { "AGENTS.md": "project" });
    await tree(home, { "AGENTS.md": "global" });
    const r = await loadProjectDocs(opts({ maxBytes: 0 }));
    expect(r.text).toBe("global");
    expect(r.files.map((f) => f.path)).toEqual([path.join(home, "AGENTS.md")]);
  });

  it("utf8Prefix handles 2- and 4-byte characters and ASCII", () => {
    const bytes = new TextEncoder().encode("é😀x"); // c3 a9 | f0 9f 98 80 | 78
    const cut = (n: number): string => new TextDecoder().decode(utf8Prefix(bytes, n));
    expect([0, 1, 2, 3, 5, 6, 7].map(cut)).toEqual(["", "", "é", "é", "é", "é😀", "é😀x"]);
  });
});

describe("global instructions ($CODEX_HOME)", () => {
  it("global only: trimmed AGENTS.md", async () => {
    await tree(home, { "AGENTS.md": "\n  be terse  \n\n" });
    const r = await loadProjectDocs(opts());
    expect(r.text).toBe("be terse");
    expect(r.files).toEqual([{ path: path.join(home, "AGENTS.md"), bytes: 15, truncated: false }]);
  });

  it("AGENTS.override.md wins; a blank override falls back to AGENTS.md", async () => {
    await tree(home, { "AGENTS.md": "normal", "AGENTS.override.md": "override" });
    expect((await loadProjectDocs(opts())).text).toBe("override");
    await tree(home, { "AGENTS.override.md": "  \n" });
    expect((await loadProjectDocs(opts())).text).toBe("normal");
  });

  it("global does not use the project budget", async () => {
    await tree(home, { "AGENTS.md": "a long global instruction" });
    await tree(repo, { "AGENTS.md": "0123456789" });
    expect((await loadProjectDocs(opts({ maxBytes: 4 }))).text).toBe("a long global instruction\n\n--- project-doc ---\n\n0123");
  });

  it("both: global, separator, then the project docs", async () => {
    await tree(home, { "AGENTS.md": "global\n" });
    await tree(repo, { "AGENTS.md": "root", "sub/AGENTS.md": "sub" });
    const r = await loadProjectDocs(opts({ cwd: path.join(repo, "sub") }));
    expect(r.text).toBe("global\n\n--- project-doc ---\n\nroot\n\nsub");
    expect(r.files.map((f) => f.path)).toEqual([
      path.join(home, "AGENTS.md"),
      path.join(repo, "AGENTS.md"),
      path.join(repo, "sub", "AGENTS.md"),
    ]);
  });

  it("composeInstructions: separator only when both parts exist", () => {
    expect(composeInstructions(null, null)).toBeNull();
    expect(composeInstructions("g", null)).toBe("g");
    expect(composeInstructions(null, "p")).toBe("p");
    expect(composeInstructions("g", "p")).toBe("g\n\n--- project-doc ---\n\np");
  });
});

describe("problems become warnings", () => {
  it("invalid UTF-8 is replaced, with a warning", async () => {
    await tree(repo, { "AGENTS.md": new Uint8Array([0x6f, 0x6b, 0xff, 0x21]) });
    const r = await loadProjectDocs(opts());
    expect(r.text).toBe("ok\uFFFD!");
    expect(r.warnings).toEqual([`${path.join(repo, "AGENTS.md")} is not valid UTF-8; invalid bytes were replaced`]);
  });

  it("an unexpected I/O error drops the project docs, keeps the global ones, and is reported", async () => {
    await tree(home, { "AGENTS.md": "global" });
    const failing: DocFs = {
      async kind(p) {
        if (p === path.join(home, "AGENTS.md")) return "file";
        if (p.startsWith(home)) return null;
        return fail();
      },
      readPrefix: async () => ({ bytes: new TextEncoder().encode("global"), size: 6 }),
      realpath: async (p) => p,
    };
    const r = await loadProjectDocs(opts(), failing);
    expect(r.text).toBe("global");
    expect(r.warnings).toEqual(["error trying to find AGENTS.md docs: EACCES: permission denied"]);
  });
});

function fail(): never {
  throw Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
}
