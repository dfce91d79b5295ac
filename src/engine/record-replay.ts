// `--record DIR` / `--replay DIR`: cassette files on disk, and the fetch and provider the run's model client uses.

import { readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ModelProviderInfo } from "../config/model-provider.js";
import { castToError, StartupError } from "../errors.js";
import {
  CASSETTE_VERSION,
  CassetteExchange,
  CassetteManifest,
  MANIFEST_FILE,
  cassetteJson,
  describeSchemaError,
  exchangeFileName,
  isExchangeFileName,
  type Cassette,
} from "../model/cassettes/cassette.js";
import type { Placeholder } from "../model/cassettes/placeholders.js";
import { createRecordingFetch } from "../model/cassettes/recording-fetch.js";
import { createReplayFetch } from "../model/cassettes/replay-fetch.js";
import { fsErrorReason, makeDirs } from "./user-paths.js";

/** What `--record` / `--replay` asked for; null when neither. */
export type CassetteMode = { kind: "record"; dir: string } | { kind: "replay"; cassette: Cassette; lenient: boolean } | null;

/** Read the cassette to replay up front (its model and wire shape the config); a bad one stops the run. */
export function openCassetteMode(flags: { record?: string | undefined; replay?: string | undefined; replayLenient: boolean }, cwd: string): CassetteMode {
  if (flags.record !== undefined) return { kind: "record", dir: path.resolve(cwd, flags.record) };
  if (flags.replay === undefined) return null;
  return { kind: "replay", cassette: loadCassette(flags.replay, cwd), lenient: flags.replayLenient };
}

export interface TrafficContext {
  cwd: string;
  threadId: string;
  codexHome: string;
  env: Readonly<Record<string, string | undefined>>;
  provider: ModelProviderInfo;
  model: string;
  version: string;
  /** The bearer token the run authenticates with, if any (never written to a cassette). */
  authToken: string | null;
  /** What `--record` sends the requests with; the global fetch when not given. */
  transport?: typeof globalThis.fetch;
  writeStderr: (text: string) => void;
}

export interface ModelTraffic {
  /** The fetch for the model client; undefined = the run's usual transport. */
  fetch: typeof globalThis.fetch | undefined;
  /** Completes the cassette (`--record`): open exchanges and the manifest. */
  finish(): void;
}

/** The fetch the model client uses under `--record` / `--replay`. */
export function modelTraffic(mode: CassetteMode, ctx: TrafficContext): ModelTraffic {
  if (mode === null) return { fetch: undefined, finish: () => undefined };
  const placeholders = runPlaceholders(ctx);
  if (mode.kind === "replay") {
    const fetch = createReplayFetch({
      cassette: mode.cassette,
      baseUrl: ctx.provider.baseUrl,
      placeholders,
      secrets: secretValues(ctx),
      lenient: mode.lenient,
      warn: (message) => ctx.writeStderr(`Warning: ${message}\n`),
    });
    return { fetch, finish: () => undefined };
  }
  const dir = mode.dir;
  prepareRecordDir(dir);
  const failures: string[] = [];
  const recorder = createRecordingFetch({
    inner: ctx.transport ?? globalThis.fetch,
    baseUrl: ctx.provider.baseUrl,
    placeholders,
    secrets: secretValues(ctx),
    onExchange: (n, exchange) => {
      try {
        writeFileSync(path.join(dir, exchangeFileName(n)), cassetteJson(exchange));
      } catch (err) {
        // The run itself is fine; the cassette is not, and the end of the run says so.
        failures.push(`${exchangeFileName(n)}: ${castToError(err).message}`);
      }
    },
  });
  return {
    fetch: recorder.fetch,
    finish: () => {
      const count = recorder.flush();
      const manifest: CassetteManifest = {
        version: CASSETTE_VERSION,
        created: new Date().toISOString(),
        codex_exec_version: ctx.version,
        model: ctx.model,
        wire: ctx.provider.wireApi,
        count,
      };
      try {
        writeFileSync(path.join(dir, MANIFEST_FILE), cassetteJson(manifest));
      } catch (err) {
        failures.push(`${MANIFEST_FILE}: ${castToError(err).message}`);
      }
      if (failures.length > 0) ctx.writeStderr(`Warning: --record ${dir}: could not write ${failures.join("; ")}\n`);
    },
  };
}

/** Parse `DIR/manifest.json` and every exchange it lists; any problem is one line naming the file. */
function loadCassette(dirArg: string, cwd: string): Cassette {
  const dir = path.resolve(cwd, dirArg);
  const fail = (what: string): never => {
    throw new StartupError("cassette_invalid", `Error: --replay ${dirArg}: ${what}`);
  };
  const readJson = (name: string, missing: string): unknown => {
    let text: string;
    try {
      text = readFileSync(path.join(dir, name), "utf8");
    } catch (err) {
      // `--replay DIR/manifest.json`: the folder was meant.
      if ((err as { code?: unknown }).code === "ENOTDIR") return fail(`pass the cassette's folder (${path.dirname(dirArg)}), not a file in it`);
      return fail(missing);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      return fail(`${name} is not valid JSON (${castToError(err).message})`);
    }
  };
  const manifest = CassetteManifest.safeParse(readJson(MANIFEST_FILE, `no ${MANIFEST_FILE} there (record one with --record ${dirArg})`));
  if (!manifest.success) return fail(`${MANIFEST_FILE}: ${describeSchemaError(manifest.error)}`);
  const exchanges: CassetteExchange[] = [];
  for (let n = 1; n <= manifest.data.count; n++) {
    const name = exchangeFileName(n);
    const parsed = CassetteExchange.safeParse(readJson(name, `${name} is missing (${MANIFEST_FILE} lists ${manifest.data.count} exchanges)`));
    if (!parsed.success) return fail(`${name}: ${describeSchemaError(parsed.error)}`);
    exchanges.push(parsed.data);
  }
  return { source: dirArg, manifest: manifest.data, exchanges };
}

/** Create DIR, removing the exchanges and manifest of an earlier recording (other files stay). */
function prepareRecordDir(dir: string): void {
  try {
    makeDirs(dir);
    for (const name of readdirSync(dir)) {
      if (isExchangeFileName(name) || name === MANIFEST_FILE) rmSync(path.join(dir, name));
    }
  } catch (err) {
    throw new StartupError("cassette_unwritable", `Error: --record ${dir}: ${fsErrorReason(err)}`);
  }
}

/** This run's workspace, thread, CODEX_HOME, temp and home directories, each also as its real path. */
function runPlaceholders(ctx: TrafficContext): Placeholder[] {
  const dirs = (token: string, ...values: Array<string | undefined>): Placeholder[] =>
    values
      .filter((v): v is string => v !== undefined && v.trim() !== "")
      .flatMap((v) => [path.resolve(v), realPath(path.resolve(v))])
      .map((value) => ({ token, value }));
  return [
    ...dirs("{{cwd}}", ctx.cwd),
    { token: "{{thread_id}}", value: ctx.threadId },
    ...dirs("{{codex_home}}", ctx.codexHome),
    ...dirs("{{tmpdir}}", ctx.env["TMPDIR"], os.tmpdir()),
    ...dirs("{{home}}", ctx.env["HOME"], os.homedir()),
  ];
}

/** Values that must never reach a cassette: the run's token, credentials in the environment, configured headers and query. */
function secretValues(ctx: TrafficContext): string[] {
  const fromEnv = Object.entries(ctx.env).flatMap(([name, value]) =>
    value !== undefined && /KEY|SECRET|TOKEN|PASSW|CREDENTIAL/i.test(name) ? [value.trim()] : [],
  );
  return [
    ...fromEnv,
    ...(ctx.authToken === null ? [] : [ctx.authToken]),
    ...(ctx.provider.bearerToken === null ? [] : [ctx.provider.bearerToken]),
    ...Object.values(ctx.provider.httpHeaders),
    ...Object.values(ctx.provider.queryParams),
  ];
}

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
