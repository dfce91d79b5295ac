// `view_image`: attach a local image file to the conversation so the model can look at it.

import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "../protocol/zod.js";
import { functionSpec } from "./function-spec.js";
import { parseCallArgs } from "./parse-tool-args.js";
import type { ToolHandler } from "./tool-router.js";
import { castToError } from "../errors.js";

const ViewImageArgs = z.object({
  path: z.string().check(z.minLength(1), z.describe("Path of the image file (absolute or relative to the working directory).")),
});

/** Largest image we inline (the API rejects much larger payloads anyway). */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** Image MIME type from the file's first bytes, or null when it is not a supported image. */
export function sniffImageType(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) {
    return "image/webp";
  }
  return null;
}

/** Read an image into a data URL; throws Error with a message meant for the model or user. */
export async function loadImageDataUrl(file: string): Promise<string> {
  const st = await stat(file).catch((err: Error) => {
    throw new Error(`unable to locate image at \`${file}\`: ${err.message}`);
  });
  if (!st.isFile()) throw new Error(`image path \`${file}\` is not a file`);
  if (st.size > MAX_IMAGE_BYTES) throw new Error(`unable to process image at \`${file}\`: larger than 20 MiB`);
  const bytes = await readFile(file).catch((err: Error) => {
    throw new Error(`unable to read image at \`${file}\`: ${err.message}`);
  });
  const mime = sniffImageType(bytes);
  if (!mime) throw new Error(`unable to process image at \`${file}\`: not a PNG, JPEG, GIF or WebP image`);
  return `data:${mime};base64,${bytes.toString("base64")}`;
}

/** The view_image tool. */
export function viewImageTool(): ToolHandler {
  return {
    spec: functionSpec(
      "view_image",
      "Look at a local image file (PNG, JPEG, GIF or WebP), e.g. a screenshot or diagram the task mentions. Use only for files that exist on disk.",
      ViewImageArgs,
    ),
    parallelSafe: true,
    handle: async (call, ctx) => {
      const args = parseCallArgs(call, ViewImageArgs);
      if (!args.ok) return args.result;
      const file = path.resolve(ctx.cwd, args.value.path);
      try {
        const url = await loadImageDataUrl(file);
        return { output: [{ type: "input_image", image_url: url, detail: "high" }], success: true };
      } catch (err) {
        return { output: castToError(err).message, success: false };
      }
    },
  };
}
