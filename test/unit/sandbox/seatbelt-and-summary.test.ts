// The macOS Seatbelt profile text (untestable here beyond its text) and the header's sandbox summary strings.

import { describe, expect, it } from "vitest";
import type { SandboxPolicy } from "../../../src/protocol/index.js";
import { sandboxSummary } from "../../../src/sandbox/sandbox-summary.js";
import { SANDBOX_EXEC, seatbeltArgv, seatbeltProfile } from "../../../src/sandbox/seatbelt-command.js";

const WW: SandboxPolicy = {
  mode: "workspace-write",
  writableRoots: ["/Users/me/proj", "/private/tmp"],
  readOnlySubpaths: ["/Users/me/proj/.git", "/Users/me/proj/.codex"],
  networkAccess: false,
};

describe("seatbeltProfile", () => {
  it("workspace-write, network off: writes only under the roots, protected subpaths excluded, unix sockets only", () => {
    expect(seatbeltProfile(WW)).toMatchInlineSnapshot(`
      "(version 1)
      (deny default)
      (allow process-exec process-fork signal (target same-sandbox))
      (allow sysctl-read mach-lookup ipc-posix-shm iokit-open pseudo-tty)
      (allow file-read*)
      (allow file-write* (literal "/dev/null") (literal "/dev/tty") (regex #"^/dev/ttys[0-9]+$"))
      (allow file-write* (require-all (subpath (param "WRITABLE_ROOT_0")) (require-not (subpath (param "READ_ONLY_0"))) (require-not (subpath (param "READ_ONLY_1")))))
      (allow file-write* (subpath (param "WRITABLE_ROOT_1")))
      (allow network* (local unix-socket) (remote unix-socket))
      "
    `);
  });

  it("read-only: no write rule beyond the devices; network on adds the network rule", () => {
    const ro = seatbeltProfile({ mode: "read-only", writableRoots: [], readOnlySubpaths: [], networkAccess: false });
    expect(ro).not.toContain("WRITABLE_ROOT");
    expect(ro.match(/file-write\*/g)).toHaveLength(1);
    const net = seatbeltProfile({ ...WW, networkAccess: true });
    expect(net).toContain("(allow network-outbound network-inbound system-socket)");
    expect(net).not.toContain("unix-socket");
  });

  it("seatbeltArgv passes the paths as -D parameters, then -- and the command", () => {
    expect(seatbeltArgv(WW, ["/bin/zsh", "-lc", "ls"])).toEqual([
      SANDBOX_EXEC,
      "-p",
      seatbeltProfile(WW),
      "-DWRITABLE_ROOT_0=/Users/me/proj",
      "-DWRITABLE_ROOT_1=/private/tmp",
      "-DREAD_ONLY_0=/Users/me/proj/.git",
      "-DREAD_ONLY_1=/Users/me/proj/.codex",
      "--",
      "/bin/zsh",
      "-lc",
      "ls",
    ]);
    expect(SANDBOX_EXEC).toBe("/usr/bin/sandbox-exec");
  });
});

describe("sandboxSummary (exec-frontend §4.1)", () => {
  it.each<{ input: Parameters<typeof sandboxSummary>[0]; text: string }>([
    { input: { mode: "read-only", networkAccess: false, extraWritableRoots: [] }, text: "read-only" },
    { input: { mode: "read-only", networkAccess: true, extraWritableRoots: [] }, text: "read-only (network access enabled)" },
    { input: { mode: "danger-full-access", networkAccess: true, extraWritableRoots: [] }, text: "danger-full-access" },
    { input: { mode: "workspace-write", networkAccess: false, extraWritableRoots: [] }, text: "workspace-write [workdir, /tmp, $TMPDIR]" },
    {
      input: { mode: "workspace-write", networkAccess: true, extraWritableRoots: [] },
      text: "workspace-write [workdir, /tmp, $TMPDIR] (network access enabled)",
    },
    {
      input: { mode: "workspace-write", networkAccess: false, extraWritableRoots: ["/data", "/cache"] },
      text: "workspace-write [workdir, /tmp, $TMPDIR, /data, /cache]",
    },
    {
      input: { mode: "workspace-write", networkAccess: false, extraWritableRoots: [], excludeSlashTmp: true },
      text: "workspace-write [workdir, $TMPDIR]",
    },
    {
      input: { mode: "workspace-write", networkAccess: true, extraWritableRoots: ["/d"], excludeSlashTmp: true, excludeTmpdirEnvVar: true },
      text: "workspace-write [workdir, /d] (network access enabled)",
    },
  ])("$text", ({ input, text }) => {
    expect(sandboxSummary(input)).toBe(text);
  });
});
