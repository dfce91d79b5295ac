// The real bubblewrap sandbox: policies from resolveSandboxPolicy, commands spawned through the wrap,
// and every verdict read back from the file system (or the test's own TCP server), not from exit codes.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FULL_ACCESS, type SandboxMode, type SandboxPolicy } from "../../../src/protocol/index.js";
import { bwrapArgv } from "../../../src/sandbox/bwrap-command.js";
import { bwrapBackend, createCommandSandbox } from "../../../src/sandbox/command-sandbox.js";
import { probeBwrap } from "../../../src/sandbox/probe-bwrap.js";
import { resolveSandboxPolicy, type WorkspaceWriteSettings } from "../../../src/sandbox/resolve-sandbox-policy.js";
import { makeTree, run, settings, type Ran, type Tree } from "./support.js";
import { listenTcp, type TcpListener } from "../../support/tcp-listener.js";

const PATH = process.env["PATH"] ?? "/usr/bin:/bin";
const PROBE = probeBwrap(PATH);

let tree: Tree;
beforeEach(() => {
  tree = makeTree("bwrap-");
});
afterEach(() => tree.cleanup());

/** A path in /etc that no test may leave behind (we may be root, so only the sandbox stops the write). */
const ETC_VICTIM = `/etc/codex-exec-sandbox-test-${process.pid}`;
/** Paths directly under /tmp that a test creates (removed afterwards). */
const tmpVictims: string[] = [];
afterEach(() => {
  rmSync(ETC_VICTIM, { force: true });
  for (const p of tmpVictims.splice(0)) rmSync(p, { recursive: true, force: true });
});
const tmpVictim = (name: string): string => {
  const p = `/tmp/codex-exec-sandbox-${name}-${process.pid}-${Math.random().toString(36).slice(2)}`;
  tmpVictims.push(p);
  return p;
};

function policyFor(mode: SandboxMode, over: { ww?: Partial<WorkspaceWriteSettings>; addDirs?: string[]; tmpdirEnv?: string } = {}): SandboxPolicy {
  return resolveSandboxPolicy({
    mode,
    cwd: tree.repo,
    addDirs: over.addDirs ?? [],
    workspaceWrite: settings(over.ww),
    tmpdirEnv: over.tmpdirEnv,
  });
}

/** Run a bash script under `policy` through createCommandSandbox, in the repo, with HOME = tree.home. */
async function sh(policy: SandboxPolicy, script: string, cwd = tree.repo): Promise<Ran> {
  const sandbox = createCommandSandbox(policy, "linux", () => bwrapBackend(probeBwrap(PATH)));
  expect(sandbox.warning).toBeNull();
  return run(sandbox.wrap(["/bin/bash", "-c", script], cwd), { cwd, env: { PATH, HOME: tree.home } });
}

const inRepo = (...p: string[]): string => path.join(tree.repo, ...p);

describe("bwrap on this machine", () => {
  it("is installed and can create namespaces (CI installs bubblewrap)", () => {
    expect(PROBE).toEqual({ ok: true, path: expect.stringMatching(/\/bwrap$/) });
  });
});

describe("workspace-write", () => {
  it("writes in the cwd and below it land on disk", async () => {
    const r = await sh(policyFor("workspace-write"), "echo in > inside.txt && mkdir -p sub/deep && echo deep > sub/deep/f.txt && rm inside.txt && echo again > inside.txt");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(inRepo("inside.txt"), "utf8")).toBe("again\n");
    expect(readFileSync(inRepo("sub/deep/f.txt"), "utf8")).toBe("deep\n");
  });

  it("a sibling of the cwd, $HOME and /etc cannot be written", async () => {
    const policy = policyFor("workspace-write");
    const sibling = await sh(policy, "echo x > ../sibling/out.txt");
    const home = await sh(policy, 'echo x > "$HOME/.bashrc_evil"; mkdir "$HOME/.ssh"');
    const etc = await sh(policy, `echo x > ${ETC_VICTIM}`);
    for (const r of [sibling, home, etc]) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain("Read-only file system");
    }
    expect(existsSync(path.join(tree.sibling, "out.txt"))).toBe(false);
    expect(existsSync(path.join(tree.home, ".bashrc_evil"))).toBe(false);
    expect(existsSync(path.join(tree.home, ".ssh"))).toBe(false);
    expect(existsSync(ETC_VICTIM)).toBe(false);
  });

  it("nothing outside the cwd can be deleted either", async () => {
    writeFileSync(path.join(tree.sibling, "keep.txt"), "keep\n");
    const r = await sh(policyFor("workspace-write"), "rm -f ../sibling/keep.txt; rm -rf ../sibling");
    expect(r.code).not.toBe(0);
    expect(readFileSync(path.join(tree.sibling, "keep.txt"), "utf8")).toBe("keep\n");
  });

  it(".git stays read-only: no new files, no edits, no deletes, no rename", async () => {
    const config = readFileSync(inRepo(".git/config"), "utf8");
    const r = await sh(
      policyFor("workspace-write"),
      "touch .git/evil; echo '[alias] x = !rm -rf /' >> .git/config; rm -f .git/HEAD; mkdir .git/hooks/x; mv .git .git2",
    );
    expect(r.code).not.toBe(0);
    expect(existsSync(inRepo(".git/evil"))).toBe(false);
    expect(readFileSync(inRepo(".git/config"), "utf8")).toBe(config);
    expect(existsSync(inRepo(".git/HEAD"))).toBe(true);
    expect(existsSync(inRepo(".git/hooks/x"))).toBe(false);
    expect(existsSync(inRepo(".git2"))).toBe(false);
  });

  it("a .git symlinked to a directory inside the cwd: its target stays read-only", async () => {
    renameSync(inRepo(".git"), inRepo("gitstore"));
    symlinkSync("gitstore", inRepo(".git"));
    const r = await sh(policyFor("workspace-write"), "touch .git/evil; touch gitstore/evil2; echo ok > fine.txt");
    expect(r.stderr).toContain("Read-only file system");
    expect(existsSync(inRepo("gitstore/evil"))).toBe(false);
    expect(existsSync(inRepo("gitstore/evil2"))).toBe(false);
    expect(readFileSync(inRepo("fine.txt"), "utf8")).toBe("ok\n");
  });

  it("a missing .codex leaves no mount-point file behind in the repository", async () => {
    // Deliberate (as codex after its PR 16930): only existing protected paths are bound read-only, so
    // commands do not litter the repository with an empty `.codex` file. apply_patch still refuses it.
    expect(existsSync(inRepo(".codex"))).toBe(false);
    const r = await sh(policyFor("workspace-write"), "echo ok > fine.txt");
    expect(r.code).toBe(0);
    expect(existsSync(inRepo(".codex"))).toBe(false);
    expect(readFileSync(inRepo("fine.txt"), "utf8")).toBe("ok\n");
  });

  it("a protected path gone since the policy was resolved is not bound, so bwrap does not recreate it", async () => {
    mkdirSync(inRepo(".agents"));
    const policy = policyFor("workspace-write");
    expect(policy.readOnlySubpaths).toContain(inRepo(".agents"));
    rmSync(inRepo(".agents"), { recursive: true });
    const r = await sh(policy, "echo ok > fine.txt");
    expect(r.code).toBe(0);
    expect(existsSync(inRepo(".agents"))).toBe(false);
    expect(bwrapArgv("/usr/bin/bwrap", policy, tree.repo, ["true"])).not.toContain(inRepo(".agents"));
  });

  it("existing .codex and .agents directories are read-only", async () => {
    mkdirSync(inRepo(".codex"));
    mkdirSync(inRepo(".agents"));
    writeFileSync(inRepo(".codex/config.toml"), 'model = "a"\n');
    const r = await sh(policyFor("workspace-write"), "echo 'model = \"b\"' > .codex/config.toml; touch .agents/skill.md; rm -rf .codex");
    expect(r.code).not.toBe(0);
    expect(readFileSync(inRepo(".codex/config.toml"), "utf8")).toBe('model = "a"\n');
    expect(existsSync(inRepo(".agents/skill.md"))).toBe(false);
  });

  it("the gitdir a `.git` file points to stays read-only, even inside a writable root", async () => {
    const store = path.join(tree.root, "store");
    mkdirSync(path.join(store, "modules/x"), { recursive: true });
    writeFileSync(path.join(store, "modules/x/HEAD"), "ref: refs/heads/main\n");
    const wt = path.join(tree.root, "wt");
    mkdirSync(wt);
    writeFileSync(path.join(wt, ".git"), "gitdir: ../store/modules/x\n");
    const policy = resolveSandboxPolicy({ mode: "workspace-write", cwd: wt, addDirs: [store], workspaceWrite: settings(), tmpdirEnv: undefined });
    const r = await sh(policy, "echo evil > ../store/modules/x/HEAD; echo gitdir: /elsewhere > .git; echo ok > ../store/other.txt", wt);
    expect(r.code).toBe(0); // the last write succeeded; the first two failed
    expect(r.stderr).toContain("Read-only file system");
    expect(readFileSync(path.join(store, "modules/x/HEAD"), "utf8")).toBe("ref: refs/heads/main\n");
    expect(readFileSync(path.join(wt, ".git"), "utf8")).toBe("gitdir: ../store/modules/x\n");
    expect(readFileSync(path.join(store, "other.txt"), "utf8")).toBe("ok\n");
  });

  it("a symlink inside the cwd that points outside cannot be written through", async () => {
    symlinkSync(tree.sibling, inRepo("out"));
    writeFileSync(path.join(tree.sibling, "target.txt"), "original\n");
    symlinkSync(path.join(tree.sibling, "target.txt"), inRepo("file-link"));
    const r = await sh(policyFor("workspace-write"), "echo x > out/through.txt; echo x >> file-link; rm -f out/target.txt");
    expect(r.code).not.toBe(0);
    expect(existsSync(path.join(tree.sibling, "through.txt"))).toBe(false);
    expect(readFileSync(path.join(tree.sibling, "target.txt"), "utf8")).toBe("original\n");
  });

  it("--add-dir and writable_roots directories are writable", async () => {
    const extra = path.join(tree.root, "extra");
    mkdirSync(extra);
    const policy = policyFor("workspace-write", { addDirs: [tree.sibling], ww: { writableRoots: [extra] } });
    const r = await sh(policy, "echo a > ../sibling/a.txt && echo b > ../extra/b.txt");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(path.join(tree.sibling, "a.txt"), "utf8")).toBe("a\n");
    expect(readFileSync(path.join(extra, "b.txt"), "utf8")).toBe("b\n");
  });

  it("/tmp is writable unless exclude_slash_tmp", async () => {
    const open = tmpVictim("open");
    expect((await sh(policyFor("workspace-write", { ww: { excludeSlashTmp: false } }), `echo x > ${open}`)).code).toBe(0);
    expect(readFileSync(open, "utf8")).toBe("x\n");
    const closed = tmpVictim("closed");
    expect((await sh(policyFor("workspace-write"), `echo x > ${closed}`)).code).not.toBe(0);
    expect(existsSync(closed)).toBe(false);
  });

  it("$TMPDIR is writable unless exclude_tmpdir_env_var", async () => {
    const on = policyFor("workspace-write", { tmpdirEnv: tree.sibling });
    expect((await sh(on, "echo x > ../sibling/t.txt")).code).toBe(0);
    expect(readFileSync(path.join(tree.sibling, "t.txt"), "utf8")).toBe("x\n");
    const off = policyFor("workspace-write", { tmpdirEnv: tree.sibling, ww: { excludeTmpdirEnvVar: true } });
    expect((await sh(off, "echo x > ../sibling/u.txt")).code).not.toBe(0);
    expect(existsSync(path.join(tree.sibling, "u.txt"))).toBe(false);
  });

  it("with / itself a writable root (--add-dir /), /dev/null still works and .git stays read-only", async () => {
    const r = await sh(policyFor("workspace-write", { addDirs: ["/"] }), "echo x > /dev/null && head -c 4 /dev/zero | wc -c > zero.txt; touch .git/evil");
    expect(r.stderr).not.toContain("/dev/null");
    expect(readFileSync(inRepo("zero.txt"), "utf8").trim()).toBe("4");
    expect(existsSync(inRepo(".git/evil"))).toBe(false);
  });

  it("/dev/null stays writable; the command gets its own pid namespace", async () => {
    const r = await sh(policyFor("workspace-write"), "echo x > /dev/null && echo pid=$$ > pid.txt && ls /proc | grep -c '^[0-9]' > procs.txt");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(Number(readFileSync(inRepo("pid.txt"), "utf8").replace("pid=", ""))).toBeLessThanOrEqual(3);
    expect(Number(readFileSync(inRepo("procs.txt"), "utf8"))).toBeLessThan(10);
  });
});

describe("network", () => {
  let listener: TcpListener;
  beforeEach(async () => {
    listener = await listenTcp("hello\n");
  });
  afterEach(() => listener.close());

  /** A node one-liner that connects to the test's server and records the outcome in the cwd. */
  const connect = (): string => {
    const js =
      `const s=require("net").connect(${listener.port},"127.0.0.1");` +
      `s.on("connect",()=>{require("fs").writeFileSync("connected.txt","yes");s.end()});` +
      `s.on("error",(e)=>{require("fs").writeFileSync("error.txt",e.code||e.message);process.exit(7)})`;
    return `'${process.execPath}' -e '${js}'`;
  };

  it.each<{ mode: SandboxMode }>([{ mode: "workspace-write" }, { mode: "read-only" }])(
    "$mode: a TCP connect to 127.0.0.1 fails with the network off",
    async ({ mode }) => {
      const r = await sh(policyFor(mode), connect());
      expect(r.code).not.toBe(0);
      expect(listener.connections()).toBe(0);
      expect(existsSync(inRepo("connected.txt"))).toBe(false);
      if (mode === "workspace-write") expect(readFileSync(inRepo("error.txt"), "utf8")).toMatch(/^E[A-Z]+$/);
    },
  );

  it("workspace-write with network_access = true: the connect works", async () => {
    const r = await sh(policyFor("workspace-write", { ww: { networkAccess: true } }), connect());
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(inRepo("connected.txt"), "utf8")).toBe("yes");
    expect(listener.connections()).toBe(1);
  });
});

describe("read-only", () => {
  it("every write fails: cwd, .git, /tmp, $HOME, /etc", async () => {
    const policy = policyFor("read-only");
    const tmp = tmpVictim("ro");
    const scripts = [
      "echo x > a.txt",
      "mkdir sub",
      "touch .git/evil",
      `echo x > ${tmp}`,
      'echo x > "$HOME/h.txt"',
      `echo x > ${ETC_VICTIM}`,
    ];
    for (const script of scripts) {
      const r = await sh(policy, script);
      expect(r.code, script).not.toBe(0);
      expect(r.stderr, script).toContain("Read-only file system");
    }
    for (const p of [inRepo("a.txt"), inRepo("sub"), inRepo(".git/evil"), tmp, path.join(tree.home, "h.txt"), ETC_VICTIM]) {
      expect(existsSync(p), p).toBe(false);
    }
  });

  it("existing files cannot be changed or removed", async () => {
    writeFileSync(inRepo("keep.txt"), "keep\n");
    const r = await sh(policyFor("read-only"), "echo more >> keep.txt; rm -f keep.txt; mv keep.txt moved.txt");
    expect(r.code).not.toBe(0);
    expect(readFileSync(inRepo("keep.txt"), "utf8")).toBe("keep\n");
    expect(existsSync(inRepo("moved.txt"))).toBe(false);
  });

  it("the command holds no capabilities, so even run as root it cannot remount / read-write", async () => {
    const r = await sh(policyFor("read-only"), "grep CapEff /proc/self/status; mount -o remount,rw,bind / / 2>/dev/null; echo x > a.txt");
    expect(r.stdout).toBe("CapEff:\t0000000000000000\n");
    expect(r.stderr).toContain("Read-only file system");
    expect(existsSync(inRepo("a.txt"))).toBe(false);
  });

  it("reads work, and /dev/null is still writable", async () => {
    writeFileSync(inRepo("notes.txt"), "read me\n");
    writeFileSync(path.join(tree.sibling, "outside.txt"), "outside\n");
    const r = await sh(policyFor("read-only"), "cat notes.txt ../sibling/outside.txt && head -c 0 /etc/passwd && echo x > /dev/null && git rev-parse --git-dir");
    expect(r).toMatchObject({ code: 0, stdout: "read me\noutside\n.git\n" });
  });
});

describe("danger-full-access", () => {
  it("is unconfined: the wrap is the identity and the bwrap probe is never run", async () => {
    let probed = 0;
    const sandbox = createCommandSandbox(FULL_ACCESS, "linux", () => {
      probed += 1;
      return { kind: "none", reason: "unused" };
    });
    expect(sandbox.warning).toBeNull();
    const argv = ["/bin/bash", "-c", "echo x > ../sibling/free.txt && echo y > .git/free"];
    expect(sandbox.wrap(argv, tree.repo)).toEqual(argv);
    expect(probed).toBe(0);
    const r = await run(sandbox.wrap(argv, tree.repo), { cwd: tree.repo });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(tree.sibling, "free.txt"), "utf8")).toBe("x\n");
    expect(readFileSync(inRepo(".git/free"), "utf8")).toBe("y\n");
  });

  it("resolveSandboxPolicy gives no roots and network on", () => {
    expect(policyFor("danger-full-access")).toEqual(FULL_ACCESS);
  });
});

describe("bwrapArgv", () => {
  it("spawned directly: the command runs in the given cwd with the network flag honoured", async () => {
    if (!PROBE.ok) throw new Error(PROBE.reason);
    const sub = inRepo("sub");
    mkdirSync(sub);
    const argv = bwrapArgv(PROBE.path, policyFor("workspace-write"), sub, ["/bin/bash", "-c", "pwd > where.txt"]);
    expect(argv.slice(0, 3)).toEqual([PROBE.path, "--new-session", "--die-with-parent"]);
    expect(argv).toContain("--unshare-net");
    expect(argv.slice(-6)).toEqual(["--chdir", sub, "--", "/bin/bash", "-c", "pwd > where.txt"]);
    const r = await run(argv, { cwd: tree.root });
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(sub, "where.txt"), "utf8")).toBe(`${sub}\n`);
    expect(bwrapArgv(PROBE.path, policyFor("workspace-write", { ww: { networkAccess: true } }), sub, ["true"])).not.toContain("--unshare-net");
  });
});
