#!/usr/bin/env node
// codex-exec launcher: the bundled CLI lives in dist/ (built by `npm run build`).
import "../dist/codex-exec.js";
