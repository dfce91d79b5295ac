{
  # Not a Node addon: the Landlock + seccomp sandbox helper (native/sandbox-helper.c), built as a plain
  # executable with npm's native toolchain into build/Release/codex-sandbox-helper.
  # scripts/build-sandbox-helper.mjs runs `node-gyp rebuild` on Linux only, and never fails an install.
  # The program is C: link it with the C compiler too, so g++ is not required (gyp defaults LINK to CXX).
  "make_global_settings": [["LINK", "$(CC.target)"]],
  "targets": [
    {
      "target_name": "codex-sandbox-helper",
      "type": "executable",
      "sources": ["native/sandbox-helper.c"],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-D_FORTIFY_SOURCE=2", "-fstack-protector-strong"],
      "libraries": ["-lseccomp"]
    }
  ]
}
