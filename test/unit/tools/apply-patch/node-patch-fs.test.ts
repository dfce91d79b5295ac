// The real-disk PatchFs: strict UTF-8, BOM kept, parents created, exists/isFile semantics.

import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodePatchFs } from "../../../../src/tools/apply-patch/node-patch-fs.js";
import { parsePatch } from "../../../../src/tools/apply-patch/parse-patch.js";
import { planPatch } from "../../../../src/tools/apply-patch/plan-patch.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "node-patch-fs-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("nodePatchFs", () => {
  it("reads UTF-8 text and keeps a BOM", async () => {
    const file = path.join(dir, "bom.txt");
    await writeFile(file, "\uFEFFcaf\u00E9\n", "utf8");
    expect(await nodePatchFs.readFile(file)).toBe("\uFEFFcaf\u00E9\n");
  });

  it("refuses invalid UTF-8 with Rust's wording, and the planner names the file", async () => {
    const file = path.join(dir, "binary.bin");
    await writeFile(file, Buffer.from([0x00, 0xff, 0xfe, 0x80]));
    await expect(nodePatchFs.readFile(file)).rejects.toThrow("stream did not contain valid UTF-8");
    const parsed = parsePatch("*** Begin Patch\n*** Update File: binary.bin\n@@\n-x\n+y\n*** End Patch");
    expect(parsed.ok && (await planPatch(parsed.patch, dir, nodePatchFs))).toEqual({
      ok: false,
      error: `Failed to read file to update ${file}: stream did not contain valid UTF-8`,
    });
  });

  it("writes through missing parent directories and removes files", async () => {
    const file = path.join(dir, "a", "b", "c.txt");
    await nodePatchFs.writeFile(file, "x\n");
    expect(await readFile(file, "utf8")).toBe("x\n");
    expect(await nodePatchFs.isFile(file)).toBe(true);
    await nodePatchFs.remove(file);
    expect(await nodePatchFs.exists(file)).toBe(false);
  });

  it("tells files from directories and missing paths", async () => {
    await mkdir(path.join(dir, "d"), { recursive: true });
    expect(await nodePatchFs.exists(path.join(dir, "d"))).toBe(true);
    expect(await nodePatchFs.isFile(path.join(dir, "d"))).toBe(false);
    expect(await nodePatchFs.exists(path.join(dir, "nope"))).toBe(false);
    expect(await nodePatchFs.exists(path.join(dir, "bom.txt", "under-a-file"))).toBe(false);
  });
});
