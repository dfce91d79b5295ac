// `npm run demo`: the fix-typo example run by the real CLI in a fresh temp workspace, with the model's side
// replayed from examples/replays/fix-typo (no API key, no network); the commands and the patch really run.
// `npm run demo -- --live` sends the same prompt to the real model instead (OPENAI_API_KEY or CODEX_API_KEY).
// `--keep` leaves the workspace in place.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { workspaceEnv } from "../examples/replays/workspace-kit.mjs";
import { args as exampleArgs, createWorkspace, verify } from "../examples/replays/fix-typo/workspace.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const cassette = path.join("examples", "replays", "fix-typo");
const live = process.argv.includes("--live");
const keep = process.argv.includes("--keep");
const tty = process.stdout.isTTY === true;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const say = (s = "") => process.stdout.write(`${s}\n`);

if (live && !process.env.OPENAI_API_KEY && !process.env.CODEX_API_KEY) {
  say("--live sends the prompt to the real model: set OPENAI_API_KEY (or CODEX_API_KEY) first.");
  say("Without a key, `npm run demo` replays the recorded run instead.");
  process.exit(1);
}
buildIfNeeded();
const ws = createWorkspace();
let args = [...exampleArgs];
const env = workspaceEnv(ws);
if (live) {
  say(bold("codex-exec demo, live: the fix-typo prompt sent to the real model"));
} else {
  // No key is needed, and none is used: the answers come from the cassette.
  delete env.OPENAI_API_KEY;
  delete env.CODEX_API_KEY;
  args = ["--replay", path.join(root, cassette), ...args];
  say(bold(`codex-exec demo: replaying ${cassette} (offline: no API key, no network)`));
  if (!sandboxWorks()) {
    // The recording ran under workspace-write; without a sandbox the permissions message differs.
    args = ["--replay-lenient", ...args.map((a) => (a === "workspace-write" ? "danger-full-access" : a))];
    say("note: no working sandbox on this machine (bubblewrap missing or user namespaces off): the scripted");
    say("      commands run unconfined in the temp workspace, and --replay-lenient accepts the changed request.");
  }
}
// The command is printed exactly as it runs, so it can be copied: -C names the workspace (it works from any
// directory), HOME and CODEX_HOME keep your own config and shell profile out of the requests, and --no-stdin
// makes the prompt just the argument whatever stdin is (a terminal, a CI pipe).
const bin = path.join(root, "bin", "codex-exec.js");
const cli = [bin, "-C", ws.repo, "--no-stdin", ...args];
say(`workspace: ${ws.repo}`);
say(`$ HOME=${quote(ws.codexHome)} CODEX_HOME=${quote(ws.codexHome)} node ${cli.map(quote).join(" ")}`);
say();

const run = spawnSync(process.execPath, cli, { cwd: ws.repo, env, stdio: ["ignore", "inherit", "inherit"] });
const code = run.status ?? 1;

say();
say(bold("What changed on disk (git diff):"));
const diff = execFileSync("git", ["--no-pager", "-c", `color.ui=${tty ? "always" : "never"}`, "diff"], { cwd: ws.repo, env, encoding: "utf8" });
process.stdout.write(diff === "" ? "(nothing)\n" : diff);
const problem = code === 0 ? verify(ws) : null;
say();
if (code !== 0) say(`codex-exec exited with ${code}.`);
else if (problem !== null) say(`The run finished, but the typo is still there: ${problem}`);
else if (!live) {
  say("The model's answers came from the cassette; the commands and the patch really ran in the workspace.");
  say("Send the same prompt to the real model: OPENAI_API_KEY=sk-... npm run demo -- --live");
}
if (keep) {
  say(`The workspace stays at ${ws.root} (CODEX_HOME and HOME: ${ws.codexHome}).`);
  say(`Run the command above again, from any directory, after: git -C ${quote(ws.repo)} checkout -- README.md`);
} else {
  ws.cleanup();
  say("To run the command above yourself: npm run demo -- --keep (the workspace then stays in place).");
}
process.exitCode = code !== 0 ? code : problem === null ? 0 : 1;

/** Build dist/ when it is missing or older than any source file. */
function buildIfNeeded() {
  const bundle = path.join(root, "dist", "codex-exec.js");
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const newest = Math.max(newestMtime(path.join(root, "src")), statSync(path.join(root, "package.json")).mtimeMs);
  if (newest <= built) return;
  say("Building codex-exec (npm run build)...");
  execFileSync(process.execPath, [path.join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

/** Whether the OS sandbox the CLI uses can confine commands here (what the recording ran under). */
function sandboxWorks() {
  if (process.platform === "darwin") return existsSync("/usr/bin/sandbox-exec");
  if (process.platform !== "linux") return false;
  const probe = ["--ro-bind", "/", "/", "--dev", "/dev", "--unshare-user", "--unshare-pid", "--unshare-net", "--proc", "/proc", "true"];
  return spawnSync("bwrap", probe, { stdio: "ignore" }).status === 0;
}

function quote(arg) {
  return /^[\w./=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}
