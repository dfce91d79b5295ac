#!/usr/bin/env bash
# Run codex-exec in CI, parse its JSONL with jq, and fail the job with a readable reason.
set -euo pipefail

events=$(mktemp)
status=0
codex-exec --json --skip-git-repo-check -o last-message.txt \
  "Summarise what this repository does in three sentences." </dev/null >"$events" || status=$?

# Every line is one event; the thread id lets you resume later.
jq -r 'select(.type == "thread.started") | "thread: \(.thread_id)"' "$events"
jq -r 'select(.type == "item.completed" and .item.type == "agent_message") | .item.text' "$events"
jq -r 'select(.type == "turn.completed") | "tokens: \(.usage.input_tokens) in / \(.usage.output_tokens) out"' "$events"

if [ "$status" -ne 0 ]; then
  jq -r 'select(.type == "turn.failed") | "failed (\(.error.code)): \(.error.message)"' "$events" >&2
  exit "$status"
fi
