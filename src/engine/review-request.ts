// Builds the Review op from the review flags, checking branches and commits with git first.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { StartupError } from "../errors.js";
import type { ReviewRequest } from "../protocol/index.js";
import type { ReviewTargetArg } from "./engine-args.js";

const run = promisify(execFile);

/** Run git in `cwd`; null when it fails (unknown ref, not a repository). */
async function git(cwd: string, args: readonly string[]): Promise<string | null> {
  try {
    const { stdout } = await run("git", [...args], { cwd, maxBuffer: 1024 * 1024 });
    return stdout.trim();
  } catch {
    return null;
  }
}

function fail(message: string): never {
  throw new StartupError("review_target_invalid", message);
}

/** The request for a target; `prompt` is the custom instructions (or extra text for flag targets). */
export async function buildReviewRequest(target: ReviewTargetArg, prompt: string | null, cwd: string): Promise<ReviewRequest> {
  if (target.type === "custom") {
    if (prompt === null) fail("Error: Specify --uncommitted, --base, --commit, or provide custom review instructions");
    const instructions = prompt.trim();
    if (instructions === "") fail("Error: Review prompt cannot be empty");
    return { target: { type: "custom", instructions }, prompt: instructions, userFacingHint: instructions };
  }
  if ((await git(cwd, ["rev-parse", "--is-inside-work-tree"])) !== "true") {
    fail(`Error: cannot review: ${cwd} is not inside a git work tree`);
  }
  const extra = prompt?.trim() ? `\n\nAdditional instructions: ${prompt.trim()}` : "";
  switch (target.type) {
    case "uncommitted":
      return {
        target: { type: "uncommittedChanges" },
        prompt: `Review the uncommitted changes in this repository: staged, unstaged and untracked files (see \`git status\`, \`git diff HEAD\`, and read untracked files directly). Report prioritized findings.${extra}`,
        userFacingHint: "current changes",
      };
    case "base": {
      if ((await git(cwd, ["rev-parse", "--verify", "--quiet", `${target.branch}^{commit}`])) === null) {
        fail(`Error: cannot review against \`${target.branch}\`: no such branch or commit (see \`git branch -a\`)`);
      }
      const mergeBase = await git(cwd, ["merge-base", "HEAD", target.branch]);
      const how = mergeBase
        ? `Their merge base is ${mergeBase}; run \`git diff ${mergeBase}\` to see the changes.`
        : `Find the merge base with \`git merge-base HEAD ${target.branch}\`, then diff against it.`;
      return {
        target: { type: "baseBranch", branch: target.branch, mergeBase },
        prompt: `Review the changes of the current branch against the base branch '${target.branch}'. ${how} Report prioritized findings.${extra}`,
        userFacingHint: `changes against '${target.branch}'`,
      };
    }
    case "commit": {
      const sha = await git(cwd, ["rev-parse", "--verify", "--quiet", `${target.sha}^{commit}`]);
      if (sha === null) fail(`Error: cannot review commit \`${target.sha}\`: no such commit (see \`git log --oneline\`)`);
      const title = target.title ?? null;
      return {
        target: { type: "commit", sha, title },
        prompt: `Review the changes introduced by commit ${sha}${title ? ` ("${title}")` : ""}; run \`git show ${sha}\` to see them. Report prioritized findings.${extra}`,
        userFacingHint: `commit ${target.sha.slice(0, 7)}${title ? `: ${title}` : ""}`,
      };
    }
  }
}
