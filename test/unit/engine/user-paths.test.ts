// Files at user-named paths: parents made one level at a time (no endless loop on procfs), atomic replacement, short reasons.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fsErrorReason, makeDirs, writeFileAtomic } from "../../../src/engine/user-paths.js";

const root = mkdtempSync(path.join(os.tmpdir(), "codex-exec-user-paths-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("makeDirs", () => {
  it("makes every missing level, and is a no-op for an existing directory", () => {
    const deep = path.join(root, "a", "b", "c");
    makeDirs(deep);
    makeDirs(deep);
    expect(existsSync(deep)).toBe(true);
  });

  it("a path through a file fails with ENOTDIR", () => {
    writeFileSync(path.join(root, "file"), "x");
    expect(() => makeDirs(path.join(root, "file", "sub"))).toThrow(expect.objectContaining({ code: "ENOTDIR" }));
  });

  it.skipIf(process.platform !== "linux")("a path procfs cannot create fails at once (Node's recursive mkdir loops there)", () => {
    expect(() => makeDirs("/proc/codex-exec-no-such/dir")).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });
});

describe("writeFileAtomic", () => {
  it("replaces the content and leaves no temp file", () => {
    const dir = path.join(root, "w");
    makeDirs(dir);
    const file = path.join(dir, "out.txt");
    writeFileSync(file, "old");
    writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(readdirSync(dir)).toEqual(["out.txt"]);
  });

  it("a failure (the target is a directory) throws and leaves no temp file behind", () => {
    const dir = path.join(root, "d");
    makeDirs(path.join(dir, "out.txt"));
    expect(() => writeFileAtomic(path.join(dir, "out.txt"), "new")).toThrow();
    expect(readdirSync(dir)).toEqual(["out.txt"]);
  });
});

describe("fsErrorReason", () => {
  it("says the common codes in words, and falls back to the message", () => {
    expect(fsErrorReason(Object.assign(new Error("x"), { code: "ENOTDIR" }))).toBe("a part of the path is not a directory");
    expect(fsErrorReason(Object.assign(new Error("x"), { code: "EACCES" }))).toBe("permission denied");
    expect(fsErrorReason(new Error("something else"))).toBe("something else");
  });
});
