// The two wire specs of apply_patch: the freeform (Lark-constrained) custom tool and the JSON function tool.

import type { ToolSpec } from "../../protocol/index.js";
import instructions from "./apply-patch-instructions.md";

/** The patch language as a Lark grammar; the model's sampling is constrained to it. */
export const APPLY_PATCH_LARK_GRAMMAR = `start: begin_marker operation+ end_marker

begin_marker: "*** Begin Patch" LF
end_marker: "*** End Patch" LF?

operation: add_file | delete_file | update_file

add_file: "*** Add File: " path LF added_line+
delete_file: "*** Delete File: " path LF
update_file: "*** Update File: " path LF move_to? edit_block?

move_to: "*** Move to: " path LF
edit_block: (anchor | diff_line)+ end_of_file?

anchor: ("@@" | "@@ " /(.+)/) LF
diff_line: (" " | "+" | "-") /(.*)/ LF
added_line: "+" /(.*)/ LF
end_of_file: "*** End of File" LF

path: /(.+)/

%import common.LF
`;

const FREEFORM_DESCRIPTION =
  "Edit files with a patch in the apply_patch format (*** Begin Patch … *** End Patch). Send the raw patch text as the input; do not wrap it in JSON or quotes.";

/** `{"type":"custom","name":"apply_patch",…}` with the Lark grammar. */
export function freeformApplyPatchSpec(): ToolSpec {
  return {
    type: "custom",
    name: "apply_patch",
    description: FREEFORM_DESCRIPTION,
    format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
  };
}

/** `{"type":"function","name":"apply_patch",…}` taking `{"input": "<patch>"}`. */
export function functionApplyPatchSpec(): ToolSpec {
  return {
    type: "function",
    name: "apply_patch",
    description: instructions.trim(),
    strict: false,
    parameters: {
      type: "object",
      properties: { input: { type: "string", description: "The whole patch, from *** Begin Patch to *** End Patch." } },
      required: ["input"],
      additionalProperties: false,
    },
  };
}
