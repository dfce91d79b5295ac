// The Landlock + seccomp sandbox helper (native/sandbox-helper.c) run directly: every verdict is read back
// from the file system, from errno as the confined program saw it, or from the test's own TCP server.

import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findSandboxHelper } from "../../../src/sandbox/find-sandbox-helper.js";
import { makeTree, run, type Ran, type Tree } from "./support.js";
import { listenTcp, type TcpListener } from "../../support/tcp-listener.js";

const PATH = process.env["PATH"] ?? "/usr/bin:/bin";
const HELPER = findSandboxHelper({});
const NOT_BUILT =
  "build/Release/codex-sandbox-helper is not built: run `npm run build:helper` (needs cc, make, python3 and libseccomp-dev; npm ci builds it)";

function helper(): string {
  if (HELPER === null) throw new Error(NOT_BUILT);
  return HELPER;
}

let tree: Tree;
beforeEach(() => {
  tree = makeTree("landlock-");
});
afterEach(() => tree.cleanup());

/** A path in /etc that no test may leave behind (we may be root, so only the sandbox stops the write). */
const ETC_VICTIM = `/etc/codex-exec-helper-test-${process.pid}`;
afterEach(() => {
  expect(existsSync(ETC_VICTIM), `${ETC_VICTIM} was created`).toBe(false);
});

/** Run `argv` through the helper with `options`, in the repo, with only PATH (and `env`) set. */
function confined(options: readonly string[], argv: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  return run([helper(), ...options, "--", ...argv], { cwd: tree.repo, env: { PATH, ...env } });
}
const sh = (options: readonly string[], script: string): Promise<Ran> => confined(options, ["/bin/sh", "-c", script]);
const inRepo = (...p: string[]): string => path.join(tree.repo, ...p);

describe("the helper", () => {
  it("is built (npm ci builds it; otherwise run `npm run build:helper`)", () => {
    expect(HELPER, NOT_BUILT).not.toBeNull();
  });

  it("--probe reports the Landlock ABI and a working seccomp filter", async () => {
    const r = await run([helper(), "--probe"], { cwd: tree.root });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const m = /^landlock_abi=(\d+) seccomp=1\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(1);
  });
});

describe("--write DIR", () => {
  it("writes, mkdir, rm, mv, links and fifos inside the directory work", async () => {
    const r = await sh(
      ["--write", tree.repo],
      "echo x > a && mkdir -p d/e && echo y > d/e/f && mv d/e/f g && rm -r d && ln -s g link && mkfifo fifo && : > a && echo z >> a",
    );
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(inRepo("a"), "utf8")).toBe("z\n");
    expect(readFileSync(inRepo("link"), "utf8")).toBe("y\n");
    expect(existsSync(inRepo("d"))).toBe(false);
  });

  it("a sibling directory, an existing file outside and /etc cannot be written", async () => {
    const outside = path.join(tree.sibling, "existing.txt");
    writeFileSync(outside, "keep\n");
    const tries = [
      `echo x > ${tree.sibling}/new.txt`,
      `mkdir ${tree.sibling}/dir`,
      `echo x >> ${outside}`,
      `truncate -s 0 ${outside}`,
      `rm ${outside}`,
      `mv ${outside} ${inRepo("stolen.txt")}`,
      `touch ${ETC_VICTIM}`,
    ];
    for (const script of tries) {
      const r = await sh(["--write", tree.repo], script);
      expect(r.code, script).not.toBe(0);
      expect(r.stderr, script).toMatch(/Permission denied|Operation not permitted/);
    }
    expect(readFileSync(outside, "utf8")).toBe("keep\n");
    expect(existsSync(path.join(tree.sibling, "new.txt"))).toBe(false);
    expect(existsSync(path.join(tree.sibling, "dir"))).toBe(false);
    expect(existsSync(inRepo("stolen.txt"))).toBe(false);
  });

  it("reading and executing anywhere still work", async () => {
    writeFileSync(path.join(tree.sibling, "readme.txt"), "readable\n");
    const r = await sh(["--write", tree.repo], `cat ${tree.sibling}/readme.txt && grep -c '^root:' /etc/passwd && ls / | grep -c '^etc$'`);
    expect(r).toEqual({ code: 0, stdout: "readable\n1\n1\n", stderr: "" });
  });

  it("children inherit the restrictions", async () => {
    const r = await sh(["--write", tree.repo], `sh -c 'sh -c "touch ${ETC_VICTIM}"'; echo "exit=$?"; sh -c 'echo deep > nested.txt'`);
    expect(r.stdout).toBe("exit=1\n");
    expect(r.stderr).toContain("Permission denied");
    expect(readFileSync(inRepo("nested.txt"), "utf8")).toBe("deep\n");
  });

  it("passes the environment and output through untouched", async () => {
    const r = await confined(["--write", tree.repo], ["/bin/sh", "-c", 'echo "$FOO"; echo err >&2; exit 7'], { FOO: "bar baz" });
    expect(r).toEqual({ code: 7, stdout: "bar baz\n", stderr: "err\n" });
  });
});

describe("--write FILE", () => {
  it("a file can be written and truncated, but not removed, and its siblings cannot be created", async () => {
    writeFileSync(inRepo("only.txt"), "1\n");
    const ok = await sh(["--write", inRepo("only.txt")], "echo 2 >> only.txt && echo 3 > only.txt");
    expect(ok).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(inRepo("only.txt"), "utf8")).toBe("3\n");
    for (const script of ["touch other.txt", "rm only.txt", "mkdir sub"]) {
      const r = await sh(["--write", inRepo("only.txt")], script);
      expect(r.code, script).not.toBe(0);
    }
    expect(existsSync(inRepo("only.txt"))).toBe(true);
    expect(existsSync(inRepo("other.txt"))).toBe(false);
  });

  it("/dev/null is writable only when given (character devices take the file rights)", async () => {
    expect(await sh(["--write", "/dev/null"], "echo x > /dev/null")).toMatchObject({ code: 0, stderr: "" });
    const denied = await sh([], "echo x > /dev/null");
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain("Permission denied");
  });

  it("a missing path is skipped; a path that exists but cannot be opened is an error (125)", async () => {
    const missing = await sh(["--write", path.join(tree.root, "no", "such"), "--write", tree.repo], "echo ok > f");
    expect(missing).toMatchObject({ code: 0, stderr: "" });
    const loop = path.join(tree.root, "loop");
    symlinkSync(loop, loop);
    const r = await sh(["--write", loop, "--write", tree.repo], "echo ran > ran.txt");
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^codex-sandbox-helper: --write .*loop: Too many levels of symbolic links\n$/);
    expect(existsSync(inRepo("ran.txt"))).toBe(false);
  });
});

describe("--deny-network", () => {
  let listener: TcpListener;
  beforeEach(async () => {
    listener = await listenTcp();
  });
  afterEach(() => listener.close());

  const tcpClient = (): string =>
    `const s = require("net").connect(${listener.port}, "127.0.0.1");` +
    `s.on("connect", () => { console.log("connected"); s.end(); });` +
    `s.on("error", (e) => { console.log(e.code); process.exitCode = 1; });`;

  it("a TCP connect to a listening 127.0.0.1 port fails with EPERM, also from a child", async () => {
    const r = await confined(["--deny-network"], ["/bin/sh", "-c", 'exec node -e "$0"', tcpClient()]);
    expect(r).toEqual({ code: 1, stdout: "EPERM\n", stderr: "" });
    expect(listener.connections()).toBe(0);
  });

  it("without --deny-network the same connect works", async () => {
    const r = await confined([], ["node", "-e", tcpClient()]);
    expect(r).toEqual({ code: 0, stdout: "connected\n", stderr: "" });
    expect(listener.connections()).toBe(1);
  });

  it("UDP, IPv6, netlink, packet sockets and io_uring fail; Unix sockets and socketpair work", async () => {
    const script = [
      "import ctypes, socket",
      "def attempt(name, f):",
      "    try:",
      "        f(); print(name, 'ok')",
      "    except OSError as e:",
      "        print(name, e.errno)",
      "attempt('unix', lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close())",
      "attempt('socketpair', lambda: [s.close() for s in socket.socketpair()])",
      "attempt('udp', lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM))",
      "attempt('tcp6', lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM))",
      "attempt('netlink', lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0))",
      "attempt('packet', lambda: socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0))",
      "libc = ctypes.CDLL(None, use_errno=True)",
      "params = ctypes.create_string_buffer(120)",
      "ring = libc.syscall(425, 1, params)  # io_uring_setup(1, &params): 425 on every Linux architecture",
      "print('io_uring', 'ok' if ring >= 0 else ctypes.get_errno())",
    ].join("\n");
    // /dev/null: python3 may be a shell shim (pyenv) that redirects to it.
    const r = await confined(["--deny-network", "--write", "/dev/null"], ["python3", "-c", script]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("unix ok\nsocketpair ok\nudp 1\ntcp6 1\nnetlink 1\npacket 1\nio_uring 1\n");
  });

  it("a Unix socket server and client in a writable directory talk", async () => {
    const script =
      `const net = require("net"); const p = ${JSON.stringify(inRepo("s.sock"))};` +
      `const srv = net.createServer((c) => c.end("pong")).listen(p, () => {` +
      `  net.connect(p).on("data", (d) => { console.log(String(d)); srv.close(); }); });`;
    const r = await confined(["--deny-network", "--write", tree.repo], ["node", "-e", script]);
    expect(r).toEqual({ code: 0, stdout: "pong\n", stderr: "" });
  });
});

describe("exit codes", () => {
  it("127 when the program is not found, 126 when it cannot be executed", async () => {
    const notFound = await confined([], ["codex-exec-no-such-program"]);
    expect(notFound).toEqual({ code: 127, stdout: "", stderr: "codex-sandbox-helper: codex-exec-no-such-program: No such file or directory\n" });
    const script = inRepo("not-executable.sh");
    writeFileSync(script, "#!/bin/sh\necho ran\n");
    chmodSync(script, 0o644);
    const notExecutable = await confined([], [script]);
    expect(notExecutable).toEqual({ code: 126, stdout: "", stderr: `codex-sandbox-helper: ${script}: Permission denied\n` });
  });

  it("125 and one line on a bad invocation, and the program never runs", async () => {
    mkdirSync(inRepo("marker-dir"));
    const marker = inRepo("marker-dir", "ran");
    const invocations = [
      ["--write", tree.repo, "/bin/sh", "-c", `touch ${marker}`], // no --
      ["--write", tree.repo, "--"], // no program
      ["--net", "--", "/bin/sh", "-c", `touch ${marker}`], // unknown option
      ["--write"], // --write without a path
      ["--write", "", "--", "/bin/sh", "-c", `touch ${marker}`],
    ];
    for (const args of invocations) {
      const r = await run([helper(), ...args], { cwd: tree.repo, env: { PATH } });
      expect(r.code, args.join(" ")).toBe(125);
      expect(r.stdout).toBe("");
      expect(r.stderr, args.join(" ")).toMatch(/^codex-sandbox-helper: [^\n]+\n$/);
    }
    expect(existsSync(marker)).toBe(false);
  });
});

describe("findSandboxHelper", () => {
  it("finds the built helper in the package, and honours CODEX_EXEC_SANDBOX_HELPER", () => {
    expect(helper()).toBe(fileURLToPath(new URL("../../../build/Release/codex-sandbox-helper", import.meta.url)));
    expect(findSandboxHelper({ CODEX_EXEC_SANDBOX_HELPER: "" })).toBe(HELPER);
    expect(findSandboxHelper({ CODEX_EXEC_SANDBOX_HELPER: "/opt/helper" })).toBe("/opt/helper");
    expect(findSandboxHelper({ CODEX_EXEC_SANDBOX_HELPER: "relative/helper" })).toBeNull();
  });
});
