// Proxy URLs shown in the header and the log never carry a password (or a token standing in as user name).

import { describe, expect, it } from "vitest";
import { maskProxyUrl } from "../../../../src/model/transport/mask-proxy-url.js";

describe("maskProxyUrl", () => {
  it.each([
    { proxy: "http://user:secret@proxy:3128", shown: "http://user:****@proxy:3128" },
    { proxy: "http://user:secret@proxy:3128/", shown: "http://user:****@proxy:3128" },
    { proxy: "https://us%40er:p%3Ass@proxy.corp", shown: "https://us%40er:****@proxy.corp" },
    { proxy: "http://ghp_token123@proxy:8080", shown: "http://****@proxy:8080" },
    { proxy: "socks5h://u:p@127.0.0.1:1080", shown: "socks5h://u:****@127.0.0.1:1080" },
    { proxy: "http://proxy:3128", shown: "http://proxy:3128" },
    { proxy: "http://[::1]:3128/path?q=1", shown: "http://[::1]:3128" },
    { proxy: "http://user:@proxy:3128", shown: "http://****@proxy:3128" },
  ])("$proxy → $shown", ({ proxy, shown }) => {
    expect(maskProxyUrl(proxy)).toBe(shown);
  });

  it.each([
    { proxy: "http://user:se cret@pro xy:3128", shown: "http://****@pro xy:3128" },
    { proxy: "user:secret@proxy:3128", shown: "****@proxy:3128" },
    { proxy: "http://u:se/cret@p@proxy:3128", shown: "http://****@proxy:3128" },
    { proxy: "not a url", shown: "not a url" },
  ])("a value that does not parse keeps nothing before its @: $proxy", ({ proxy, shown }) => {
    expect(maskProxyUrl(proxy)).toBe(shown);
    expect(maskProxyUrl(proxy)).not.toContain("secret");
  });
});
