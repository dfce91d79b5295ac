// Phase one of a run: everything that can fail from configuration alone (dirs, config, provider, instructions).

import { BASE_INSTRUCTIONS } from "../agent/base-instructions.js";
import { parseConfigOverride } from "../config/config-overrides.js";
import { loadConfig } from "../config/load-config.js";
import { resolveInstructions } from "../config/resolve-instructions.js";
import { loadDotenv } from "../config/load-dotenv.js";
import { resolveExecConfig, type ExecConfig } from "../config/resolve-config.js";
import { modelInfoFor } from "../model/model-info.js";
import { createFileLogger, logLevelWarning } from "../log.js";
import type { Logger } from "../protocol/index.js";
import { needsSandboxProbe } from "../sandbox/command-sandbox.js";
import { probeLinuxSandbox, type SandboxProbe } from "../sandbox/probe-sandbox.js";
import { heartbeatTiming, type HeartbeatTiming } from "../tools/unified-exec/heartbeat-timing.js";
import type { EngineArgs } from "./engine-args.js";
import { checkAddDirs, findCodexHome, resolveCwd } from "./locate-dirs.js";
import { resolveOss } from "../config/oss-provider.js";
import { openCassetteMode, type CassetteMode } from "./record-replay.js";

/** What the environment of a run looks like to the engine. */
export interface EngineEnv {
  env: Readonly<Record<string, string | undefined>>;
  /** The caller's working directory (`cd` is relative to it). */
  cwd: string;
  platform: NodeJS.Platform;
}

export interface PreparedRun {
  /** The caller's environment plus `$CODEX_HOME/.env`: what the engine reads variables from. */
  env: Readonly<Record<string, string | undefined>>;
  /** Names that came from `.env`; commands never see them (only codex-exec's own requests use them). */
  dotenvKeys: readonly string[];
  cwd: string;
  codexHome: string;
  config: ExecConfig;
  cassette: CassetteMode;
  /** The Linux sandbox check (bwrap, else Landlock), started early in the background; null when no sandbox needs it. */
  sandboxProbe: Promise<SandboxProbe> | null;
  logger: Logger;
  platform: NodeJS.Platform;
  /** Base instructions plus any extra ones: what the model is told first. */
  instructions: string;
  /** When running commands emit heartbeats for the transcript (`CODEX_EXEC_HEARTBEAT_MS`); null: never. */
  heartbeat: HeartbeatTiming | null;
}

/** Resolve dirs and config; throws typed errors (config, cwd, instructions) before anything is sent. */
export async function prepareRun(args: EngineArgs, where: EngineEnv, opts: { probeSandbox?: boolean } = {}): Promise<PreparedRun> {
  // Malformed `-c` arguments are reported before anything else, as codex does.
  args.config.forEach(parseConfigOverride);
  const cwd = resolveCwd(args.cd, where.cwd);
  checkAddDirs(args.addDirs, cwd);
  const codexHome = findCodexHome(where.env);
  const dotenv = await loadDotenv(codexHome, where.env);
  const env = dotenv.env;
  const heartbeat = heartbeatTiming(env["CODEX_EXEC_HEARTBEAT_MS"]);
  const loaded = await loadConfig({
    codexHome,
    overrides: args.config,
    profile: args.profile,
    ignoreUserConfig: args.ignoreUserConfig,
    strict: args.strictConfig,
  });
  // --oss: a local provider and a model, decided before anything else reads the config (codex step 7).
  const oss = resolveOss({ oss: args.oss, localProvider: args.localProvider, model: args.model }, loaded.toml);
  // --replay: the cassette's model and wire, served by the built-in `replay` provider.
  const cassette = openCassetteMode(args, where.cwd);
  const configured = resolveExecConfig({
    catalogContextWindow: (model) => modelInfoFor(model).contextWindow,
    ...loaded,
    warnings: [...loaded.warnings, dotenv.warning, logLevelWarning(env["CODEX_EXEC_LOG"]), heartbeat.warning].filter(
      (w): w is string => w !== null,
    ),
    codexHome,
    cwd,
    env,
    overrides: {
      model: oss?.model ?? args.model,
      replay: cassette?.kind === "replay" ? { model: cassette.cassette.manifest.model, wire: cassette.cassette.manifest.wire } : undefined,
      modelProvider: oss?.providerId,
      // A reviewer only reads; whatever else was asked, a review runs read-only.
      sandboxMode: args.command.kind === "review" ? "read-only" : args.bypassSandbox ? "danger-full-access" : args.sandbox,
      addDirs: args.addDirs,
      reasoningEffort: args.reasoningEffort,
      maxOutputTokens: args.maxOutputTokens,
    },
  });
  const config = configured;
  // The sandbox check runs in the background while startup goes on; the sandbox awaits its verdict.
  // `doctor` probes every backend itself, so it asks for no run probe.
  const sandboxProbe = opts.probeSandbox !== false && needsSandboxProbe(config.sandboxMode, where.platform) ? probeLinuxSandbox(env) : null;
  const logger = createFileLogger(codexHome, env["CODEX_EXEC_LOG"]);
  if (loaded.lenientKeys.length > 0) logger.debug({ keys: loaded.lenientKeys }, "config keys not known to codex-exec, ignored");
  const instructions = await resolveInstructions(config, BASE_INSTRUCTIONS, args.instructions, cwd);
  return {
    env,
    dotenvKeys: dotenv.added,
    cwd,
    codexHome,
    config,
    cassette,
    sandboxProbe,
    logger,
    platform: where.platform,
    instructions,
    heartbeat: heartbeat.timing,
  };
}
