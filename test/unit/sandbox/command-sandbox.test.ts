// Finding bwrap, and failing closed when commands cannot be confined.

import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FULL_ACCESS, type SandboxPolicy } from "../../../src/protocol/index.js";
import { createCommandSandbox, needsSandboxProbe, SANDBOX_REMEDIES, SandboxUnavailableError } from "../../../src/sandbox/command-sandbox.js";
import { probeBwrap, probeBwrapAsync, type BwrapProbe } from "../../../src/sandbox/probe-bwrap.js";
import type { LinuxBackend } from "../../../src/sandbox/probe-sandbox.js";
import { SANDBOX_EXEC } from "../../../src/sandbox/seatbelt-command.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "probe-bwrap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WW: SandboxPolicy = {
  mode: "workspace-write",
  writableRoots: ["/repo", "/tmp"],
  readOnlySubpaths: ["/repo/.git", "/repo/.codex"],
  networkAccess: false,
};
const RO: SandboxPolicy = { mode: "read-only", writableRoots: [], readOnlySubpaths: [], networkAccess: false };

/** The blocking probe and the one run in the background at startup must agree. */
const PROBES: Array<[string, (pathEnv: string | undefined) => Promise<BwrapProbe>]> = [
  ["probeBwrap", async (p) => probeBwrap(p)],
  ["probeBwrapAsync", probeBwrapAsync],
];

describe.each(PROBES)("%s", (_name, probe) => {
  it("PATH without bwrap → not ok, the reason names bubblewrap", async () => {
    const d = mkdtempSync(path.join(dir, "nobwrap-"));
    symlinkSync("/bin/sh", path.join(d, "sh"));
    expect(await probe(d)).toEqual({ ok: false, reason: "bubblewrap (bwrap) is not installed" });
    expect(await probe("")).toEqual({ ok: false, reason: "bubblewrap (bwrap) is not installed" });
    expect(await probe(undefined)).toEqual({ ok: false, reason: "bubblewrap (bwrap) is not installed" });
  });

  it("a non-executable file called bwrap is skipped", async () => {
    const d = mkdtempSync(path.join(dir, "noexec-"));
    writeFileSync(path.join(d, "bwrap"), "not a program");
    chmodSync(path.join(d, "bwrap"), 0o644);
    expect((await probe(d)).ok).toBe(false);
  });

  it("a bwrap that cannot create namespaces → not ok, with its first stderr line", async () => {
    const d = mkdtempSync(path.join(dir, "broken-"));
    writeFileSync(
      path.join(d, "bwrap"),
      "#!/bin/sh\necho 'bwrap: No permissions to create new namespace, likely because the kernel does not allow non-privileged user namespaces.' >&2\necho 'second line' >&2\nexit 1\n",
    );
    chmodSync(path.join(d, "bwrap"), 0o755);
    expect(await probe(`${d}:/usr/bin:/bin`)).toEqual({
      ok: false,
      reason:
        "bwrap cannot create a sandbox here: bwrap: No permissions to create new namespace, likely because the kernel does not allow non-privileged user namespaces.",
    });
  });

  it("the first bwrap on PATH that works is used", async () => {
    const real = await probe(process.env["PATH"]);
    expect(real.ok).toBe(true);
    if (!real.ok) return;
    const d = mkdtempSync(path.join(dir, "first-"));
    symlinkSync(real.path, path.join(d, "bwrap"));
    expect(await probe(`/nonexistent::${d}:${path.dirname(real.path)}`)).toEqual({ ok: true, path: path.join(d, "bwrap") });
  });
});

describe("needsSandboxProbe", () => {
  it("only confined modes on Linux consult the probe", () => {
    expect(needsSandboxProbe("read-only", "linux")).toBe(true);
    expect(needsSandboxProbe("workspace-write", "linux")).toBe(true);
    expect(needsSandboxProbe("danger-full-access", "linux")).toBe(false);
    expect(needsSandboxProbe("read-only", "darwin")).toBe(false);
    expect(needsSandboxProbe("read-only", "win32")).toBe(false);
  });
});

describe("createCommandSandbox", () => {
  const missing = (): LinuxBackend => ({ kind: "none", reason: "bubblewrap (bwrap) is not installed" });

  it.each([{ policy: WW }, { policy: RO }])("$policy.mode without a working bwrap refuses (fail closed)", ({ policy }) => {
    const sandbox = createCommandSandbox(policy, "linux", missing);
    expect(sandbox.warning).toBe(`commands cannot be sandboxed: bubblewrap (bwrap) is not installed; they will be refused. Fix: ${SANDBOX_REMEDIES}.`);
    expect(sandbox.backend).toBe("unavailable");
    for (const remedy of ["apt-get install bubblewrap", "apparmor_restrict_unprivileged_userns", "libseccomp-dev", "--sandbox danger-full-access"]) {
      expect(sandbox.warning).toContain(remedy);
    }
    expect(() => sandbox.wrap(["/bin/bash", "-c", "echo hi"], "/repo")).toThrow(SandboxUnavailableError);
    expect(() => sandbox.wrap(["true"], "/repo")).toThrow(
      /^command refused: bubblewrap \(bwrap\) is not installed, .*install bubblewrap.*--sandbox danger-full-access/,
    );
  });

  it("probes once, when created, not per command", () => {
    let probes = 0;
    const sandbox = createCommandSandbox(WW, "linux", () => {
      probes += 1;
      return { kind: "bwrap", path: "/opt/bin/bwrap" };
    });
    expect(probes).toBe(1);
    expect(sandbox.warning).toBeNull();
    const argv = sandbox.wrap(["/bin/bash", "-c", "ls"], "/repo/sub");
    sandbox.wrap(["true"], "/repo");
    expect(probes).toBe(1);
    expect(argv[0]).toBe("/opt/bin/bwrap");
    expect(argv.slice(-6)).toEqual(["--chdir", "/repo/sub", "--", "/bin/bash", "-c", "ls"]);
  });

  it("danger-full-access: no probe, no warning, argv unchanged on every platform", () => {
    for (const platform of ["linux", "darwin", "win32"] as const) {
      const sandbox = createCommandSandbox(FULL_ACCESS, platform, () => {
        throw new Error("must not probe");
      });
      expect(sandbox.warning).toBeNull();
      expect(sandbox.wrap(["a", "b"], "/x")).toEqual(["a", "b"]);
    }
  });

  it("macOS uses sandbox-exec without probing bwrap", () => {
    const sandbox = createCommandSandbox(WW, "darwin", () => {
      throw new Error("must not probe");
    });
    expect(sandbox.warning).toBeNull();
    const argv = sandbox.wrap(["/bin/zsh", "-c", "ls"], "/repo");
    expect(argv[0]).toBe(SANDBOX_EXEC);
    expect(argv.slice(-4)).toEqual(["--", "/bin/zsh", "-c", "ls"]);
  });

  it("the Landlock backend wraps with the helper, denies the network, and names itself", () => {
    const sandbox = createCommandSandbox(RO, "linux", () => ({ kind: "landlock", helper: "/opt/helper", abi: 7 }));
    expect(sandbox.backend).toBe("landlock");
    expect(sandbox.warning).toBeNull();
    const argv = sandbox.wrap(["/bin/bash", "-c", "ls"], "/repo");
    expect(argv[0]).toBe("/opt/helper");
    expect(argv).toContain("--deny-network");
    expect(argv.slice(-4)).toEqual(["--", "/bin/bash", "-c", "ls"]);
  });

  it("another platform has no sandbox: refuse", () => {
    const sandbox = createCommandSandbox(RO, "win32", missing);
    expect(sandbox.warning).toContain("no sandbox is available on win32");
    expect(() => sandbox.wrap(["cmd"], "C:\\")).toThrow(SandboxUnavailableError);
  });
});
