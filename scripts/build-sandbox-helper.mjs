// Builds the Landlock + seccomp sandbox helper (native/sandbox-helper.c via binding.gyp) into
// build/Release/codex-sandbox-helper with node-gyp, on Linux only.
//
// This is the package's npm `install` script (which also stops npm from running its default `node-gyp
// rebuild` for binding.gyp, a failure of which would fail the install). An install never fails here: without
// a C compiler, libseccomp headers, Python or node-gyp it prints one line and exits 0, and sandboxing uses
// bubblewrap only. Run any other way (`npm run build:helper`, CI) a failed build shows node-gyp's output and
// exits 1.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const HELPER = path.join(ROOT, "build", "Release", "codex-sandbox-helper");
// Installed as a dependency, `npm rebuild codex-exec` reruns this script; in a checkout, build:helper does.
const REBUILD = ROOT.split(path.sep).includes("node_modules") ? "npm rebuild codex-exec" : "npm run build:helper";
const TO_BUILD = `To build it: apt-get install build-essential libseccomp-dev && ${REBUILD}`;
const duringInstall = process.env.npm_lifecycle_event === "install";
/** The installation prefix of this node (/usr for Debian's, the tarball's root for the official builds). */
const prefix = path.dirname(path.dirname(process.execPath));

if (process.platform !== "linux") process.exit(0);

// node-gyp's own messages for these are Python tracebacks or "make failed with exit code: 2".
const cc = (process.env.CC || "cc").trim().split(/\s+/)[0] ?? "cc";
if (!isExecutable(cc)) giveUp(`no C compiler: ${cc} not found`);
if (!isExecutable("make")) giveUp("make is missing");
const gyp = findNodeGyp();
if (!gyp) giveUp("node-gyp was not found");

const args = [...gyp.args, "rebuild"];
// node-gyp needs node's headers (common.gypi) even for a plain executable. npm passes its `nodedir` config
// in the environment; otherwise use the ones installed beside this node (Debian's /usr/include/node, the
// official tarballs' include/node) rather than downloading them.
if (!process.env.npm_config_nodedir && existsSync(path.join(prefix, "include", "node", "common.gypi"))) {
  args.push(`--nodedir=${prefix}`);
}
const r = spawnSync(gyp.command, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
const output = `${r.stdout ?? ""}${r.stderr ?? ""}`;
if (r.status === 0 && existsSync(HELPER)) {
  if (!duringInstall) console.log(`codex-exec: built the Landlock sandbox helper: ${HELPER}`);
  process.exit(0);
}
if (!duringInstall) process.stderr.write(output);
giveUp(r.error ? `node-gyp could not run: ${r.error.message}` : reasonOf(output, r.status));

/** node-gyp as npm runs it: npm's own copy (lifecycle scripts get its path), else one beside node, else PATH. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath && path.join(path.dirname(process.env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"),
    path.join(prefix, "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  ];
  for (const c of candidates) {
    if (c && existsSync(c)) return { command: process.execPath, args: [c] };
  }
  const onPath = spawnSync("node-gyp", ["--version"], { stdio: "ignore" });
  return onPath.status === 0 ? { command: "node-gyp", args: [] } : null;
}

/** The first cause a person can act on, from node-gyp's (and the compiler's) output. */
function reasonOf(text, status) {
  const causes = [
    [/seccomp\.h: No such file/, "libseccomp headers are missing: no seccomp.h"],
    [/cannot find -lseccomp/, "libseccomp is missing: cannot link -lseccomp"],
    [/landlock\.h: No such file/, "Linux kernel headers are missing: no linux/landlock.h"],
    [/find any Python|Python is not set/i, "Python 3 is missing: node-gyp needs it"],
    [/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/, "node headers could not be downloaded"],
  ];
  for (const [pattern, reason] of causes) if (pattern.test(text)) return reason;
  const lines = text.split("\n").map((l) => l.trim());
  // A compiler diagnostic ("x.c:24:10: fatal error: ..."), else a Python exception from gyp.
  const detail = lines.find((l) => /\berror: /.test(l)) ?? lines.findLast((l) => /^\w*Error: /.test(l));
  return detail ? detail.slice(0, 200) : `node-gyp exited with ${status === null ? "a signal" : `code ${status}`}`;
}

/** Whether `command` (a path, or a name looked up on PATH) is an executable file. */
function isExecutable(command) {
  const dirs = command.includes("/") ? [""] : (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  return dirs.some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function giveUp(reason) {
  console.error(`codex-exec: the Landlock sandbox helper was not built (${reason}); sandboxing will use bubblewrap only. ${TO_BUILD}`);
  process.exit(duringInstall ? 0 : 1);
}
