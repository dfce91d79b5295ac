// The startup header names the proxy model requests go through, and only when there is one.

import { describe, expect, it } from "vitest";
import { HumanEventProcessor } from "../../../src/render/human-processor.js";
import { JsonlEventProcessor } from "../../../src/render/jsonl-processor.js";
import { plainStyle } from "../../../src/render/style.js";
import { configured } from "./fixtures.js";

const header = (proxy?: string): string =>
  new HumanEventProcessor({ style: plainStyle, version: "0.1.0" }).start(configured(proxy === undefined ? {} : { proxy }), "p").stderr;

describe("the proxy line of the header", () => {
  it("follows the provider when a proxy is in use", () => {
    expect(header("http://user:****@proxy:3128")).toContain("provider: mock\nproxy: http://user:****@proxy:3128\napproval: never\n");
  });

  it("is absent without one", () => {
    expect(header()).not.toContain("proxy");
  });

  it("JSONL output does not change", () => {
    const jsonl = (c: ReturnType<typeof configured>) => new JsonlEventProcessor().start(c);
    expect(jsonl(configured({ proxy: "http://proxy:3128" }))).toEqual(jsonl(configured()));
  });
});
