// The one barrel file: everything the other layers speak.

export * from "./assert-never.js";
export * from "./errors-info.js";
export * from "./events.js";
export * from "./exec-events.js";
export * from "./logger.js";
export * from "./ops.js";
export * from "./response-items.js";
export * from "./usage.js";
export * from "./tool-spec.js";
export * from "./sandbox-policy.js";
export * from "./rollout-items.js";
export * from "./contextual-fragments.js";
export * from "./review.js";
export * from "./run-summary.js";
export * from "./mcp-server-config.js";
export * from "./review-text.js";
