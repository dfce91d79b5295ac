// Decides which thread a run works on (new, resumed, forked) and where its rollout is written.

import { randomBytes } from "node:crypto";
import { uuidV7 } from "../agent/uuid-v7.js";
import { SessionError } from "../errors.js";
import { emptyUsage, type ResponseItem, type RolloutRecorder, type SessionMeta, type TokenUsage } from "../protocol/index.js";
import { ephemeralRecorder } from "../rollout/ephemeral-recorder.js";
import { createRolloutRecorder, openRolloutForAppend } from "../rollout/file-recorder.js";
import { findLatestSession, findSessionById, sessionNotFoundError } from "../rollout/find-session.js";
import { readRollout } from "../rollout/read-rollout.js";
import { reconstructHistory } from "../rollout/reconstruct-history.js";
import type { ExecCommand } from "./engine-args.js";
import { systemClock } from "./system-clock.js";

export interface OpenedThread {
  threadId: string;
  recorder: RolloutRecorder & { close(): Promise<void> };
  history: ResponseItem[];
  usage: TokenUsage;
  /** Tokens of the thread's last request, so a full context is compacted before the next one. */
  lastTokenTotal: number;
  /** Null when appending to an existing rollout (resume). */
  sessionMeta: SessionMeta | null;
  /** True for a thread that already has history (its initial context is in it). */
  continued: boolean;
}

export interface OpenThreadInput {
  command: ExecCommand;
  codexHome: string;
  cwd: string;
  ephemeral: boolean;
  /** Builds the session_meta line for a new thread id. */
  meta: (threadId: string, forkedFrom: string | null) => SessionMeta;
}

const clock = { now: () => new Date(systemClock.now()) };

/** Open the thread a command names; throws SessionError with a fix when a session cannot be found. */
export async function openThread(input: OpenThreadInput): Promise<OpenedThread> {
  const { command } = input;
  const fresh = (
    id: string,
    forkedFrom: string | null,
    history: ResponseItem[],
    usage: TokenUsage,
    lastTokenTotal = 0,
  ): OpenedThread => ({
    threadId: id,
    recorder: input.ephemeral ? ephemeralRecorder() : createRolloutRecorder({ codexHome: input.codexHome, threadId: id, clock }),
    history,
    usage,
    lastTokenTotal,
    sessionMeta: input.meta(id, forkedFrom),
    continued: history.length > 0,
  });
  const newId = (): string => uuidV7(systemClock, (n) => randomBytes(n));
  switch (command.kind) {
    case "exec":
    case "review":
      return fresh(newId(), null, [], emptyUsage());
    case "fork": {
      const source = await findSessionById({ codexHome: input.codexHome, id: command.sessionId, cwd: input.cwd });
      if (!source) throw sessionNotFoundError(command.sessionId, input.codexHome);
      const thread = reconstructHistory((await readRollout(source.path)).lines);
      return fresh(newId(), source.meta.id, thread.history, thread.usage, thread.lastTokenTotal);
    }
    case "resume": {
      const found = command.last
        ? await findLatestSession({ codexHome: input.codexHome, cwd: input.cwd, all: command.all })
        : command.sessionId !== undefined
          ? await findSessionById({ codexHome: input.codexHome, id: command.sessionId, cwd: input.cwd })
          : null;
      if (!found) {
        if (command.sessionId !== undefined) throw sessionNotFoundError(command.sessionId, input.codexHome);
        throw new SessionError(
          "session_not_found",
          command.last
            ? `Error: no session to resume in ${input.cwd}; pass a session id, or --all to consider every directory`
            : "Error: resume needs a session id or --last",
        );
      }
      const thread = reconstructHistory((await readRollout(found.path)).lines);
      return {
        threadId: found.meta.id,
        recorder: input.ephemeral ? ephemeralRecorder() : openRolloutForAppend(found.path, clock),
        history: thread.history,
        usage: thread.usage,
        lastTokenTotal: thread.lastTokenTotal,
        sessionMeta: null,
        continued: true,
      };
    }
  }
}
