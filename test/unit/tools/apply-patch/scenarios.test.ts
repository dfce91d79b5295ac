// The 23 upstream apply_patch scenarios, run on a real temp dir and compared tree-for-tree, bytes included.

import { cp, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { applyPatchText } from "../../../../src/tools/apply-patch-tool.js";
import { applyPlan } from "../../../../src/tools/apply-patch/apply-plan.js";
import { nodePatchFs } from "../../../../src/tools/apply-patch/node-patch-fs.js";
import { formatParseError, parsePatch } from "../../../../src/tools/apply-patch/parse-patch.js";
import { planPatch } from "../../../../src/tools/apply-patch/plan-patch.js";
import type { ToolContext } from "../../../../src/tools/tool-router.js";
import { FULL_ACCESS, silentLogger, type EventMsg } from "../../../../src/protocol/index.js";

// CI checks out `shared/` next to the repository, so the fixtures sit at <repo>/../shared/….
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SCENARIOS = path.resolve(REPO_ROOT, "../shared/fixtures/apply-patch-scenarios");

/** The one scenario where an all-or-nothing applier deliberately differs from upstream's sequential one. */
const PARTIAL_SUCCESS = "015_failure_after_partial_success_leaves_changes";

type Entry = { kind: "dir" } | { kind: "file"; bytes: string };

/** relative path → dir | file (bytes as base64), symlinks followed; the root itself is not listed. */
async function snapshot(root: string): Promise<Record<string, Entry>> {
  const out: Record<string, Entry> = {};
  let exists = true;
  await stat(root).catch(() => (exists = false));
  if (!exists) return out;
  const walk = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full).split(path.sep).join("/");
      if ((await stat(full)).isDirectory()) {
        out[rel] = { kind: "dir" };
        await walk(full);
      } else {
        out[rel] = { kind: "file", bytes: (await readFile(full)).toString("base64") };
      }
    }
  };
  await walk(root);
  return out;
}

/** Parse, verify and apply like the tool does; returns the error text, or null on success. */
async function applyAllOrNothing(patchText: string, cwd: string): Promise<string | null> {
  const parsed = parsePatch(patchText);
  if (!parsed.ok) return formatParseError(parsed.error);
  const planned = await planPatch(parsed.patch, cwd, nodePatchFs);
  if (!planned.ok) return planned.error;
  const applied = await applyPlan(planned.plan, nodePatchFs);
  return applied.ok ? null : applied.error;
}

function fakeCtx(cwd: string, events: EventMsg[]): ToolContext {
  return {
    cwd,
    signal: new AbortController().signal,
    callId: "call-scenario",
    threadId: "thread",
    sandbox: FULL_ACCESS,
    emit: (msg) => events.push(msg),
    logger: silentLogger,
  };
}

/** Errors the tool must report (with `<cwd>` for the temp dir); scenarios not listed succeed. */
const EXPECTED_ERRORS: Record<string, string> = {
  "005_rejects_empty_patch": "No files were modified.",
  "006_rejects_missing_context": "Failed to find expected lines in <cwd>/modify.txt:\nmissing",
  "007_rejects_missing_file_delete": "Failed to read <cwd>/missing.txt: No such file or directory (os error 2)",
  "008_rejects_empty_update_hunk": "invalid hunk at line 2, Update file hunk for path 'foo.txt' is empty",
  "009_requires_existing_file_for_update": "Failed to read file to update <cwd>/missing.txt: No such file or directory (os error 2)",
  "012_delete_directory_fails": "Failed to read <cwd>/dir: Is a directory (os error 21)",
  "013_rejects_invalid_hunk_header":
    "invalid hunk at line 2, '*** Frobnicate File: foo' is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
  [PARTIAL_SUCCESS]: "Failed to read file to update <cwd>/missing.txt: No such file or directory (os error 2)",
};

const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A fresh temp dir holding a copy of the scenario's input/ (empty when it has none). */
async function prepare(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "apply-patch-scenario-"));
  tempDirs.push(dir);
  const input = path.join(SCENARIOS, name, "input");
  if (Object.keys(await snapshot(input)).length > 0) await cp(input, dir, { recursive: true });
  return dir;
}

const names = (await readdir(SCENARIOS, { withFileTypes: true }).catch(() => []))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("apply_patch scenarios (shared/fixtures/apply-patch-scenarios)", () => {
  it("finds all 23 scenarios beside the repository", () => {
    expect(names).toHaveLength(23);
  });

  describe.each(names)("%s", (name) => {
    const expectedTree = async (): Promise<Record<string, Entry>> =>
      // All-or-nothing: 015's add is not performed, so the tree must equal the (empty) input.
      snapshot(path.join(SCENARIOS, name, name === PARTIAL_SUCCESS ? "input" : "expected"));

    it("verification + apply leaves exactly the expected tree", async () => {
      expect(Object.keys(await snapshot(path.join(SCENARIOS, name, "expected"))).length).toBeGreaterThan(0);
      const dir = await prepare(name);
      const patch = await readFile(path.join(SCENARIOS, name, "patch.txt"), "utf8");
      const error = await applyAllOrNothing(patch, dir);
      expect(error).toBe(EXPECTED_ERRORS[name]?.replaceAll("<cwd>", dir) ?? null);
      expect(await snapshot(dir)).toEqual(await expectedTree());
    });

    it("the tool (applyPatchText) leaves the same tree and reports the same error", async () => {
      const dir = await prepare(name);
      const patch = await readFile(path.join(SCENARIOS, name, "patch.txt"), "utf8");
      const events: EventMsg[] = [];
      const run = await applyPatchText(patch, dir, fakeCtx(dir, events));
      const error = EXPECTED_ERRORS[name]?.replaceAll("<cwd>", dir);
      if (error === undefined) {
        expect(run).toMatchObject({ success: true, exec: { exitCode: 0, stderr: "" } });
        expect(events.map((e) => e.type)).toEqual(["patch_apply_begin", "patch_apply_end"]);
      } else {
        expect(run).toEqual({ output: `apply_patch verification failed: ${error}`, success: false, exec: null });
        expect(events).toMatchObject([{ type: "patch_apply_end", status: "failed", stderr: `${run.output}\n` }]);
      }
      expect(await snapshot(dir)).toEqual(await expectedTree());
    });
  });

  it(`${PARTIAL_SUCCESS}: upstream's expected/ keeps the add; ours deliberately does not`, async () => {
    expect(Object.keys(await snapshot(path.join(SCENARIOS, PARTIAL_SUCCESS, "expected")))).toEqual(["created.txt"]);
    expect(await snapshot(path.join(SCENARIOS, PARTIAL_SUCCESS, "input"))).toEqual({});
  });
});
