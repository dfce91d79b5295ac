// `update_plan`: the model keeps a visible checklist; each call replaces the plan.

import { z } from "../protocol/zod.js";
import { parseCallArgs } from "./parse-tool-args.js";
import { functionSpec } from "./function-spec.js";
import type { ToolHandler } from "./tool-router.js";

const PlanArgs = z.object({
  explanation: z.optional(z.string()).check(z.describe("Why the plan changed, in a sentence.")),
  plan: z
    .array(
      z.object({
        step: z.string().check(z.describe("A short, concrete step.")),
        status: z.enum(["pending", "in_progress", "completed"]).check(z.describe("One of: pending, in_progress, completed")),
      }),
    )
    .check(z.describe("The whole plan, in order.")),
});

/** The update_plan tool. */
export function updatePlanTool(): ToolHandler {
  return {
    spec: functionSpec(
      "update_plan",
      "Record or revise your plan for the task as a short checklist. Send the whole list each time; keep at most one step in_progress and mark steps completed as you finish them.",
      PlanArgs,
    ),
    parallelSafe: false,
    handle: async (call, ctx) => {
      const args = parseCallArgs(call, PlanArgs);
      if (!args.ok) return args.result;
      if (args.value.plan.filter((p) => p.status === "in_progress").length > 1) {
        return { output: "at most one step can be in_progress at a time", success: false };
      }
      ctx.emit({ type: "plan_update", explanation: args.value.explanation ?? null, plan: args.value.plan });
      return { output: "Plan updated", success: true };
    },
  };
}
