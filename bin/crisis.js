#!/usr/bin/env node
// The shim stays tiny so start-up pays only for what the command needs. `crisis --version` is
// answered here from a constant the build writes, before the CLI bundle (and commander) is even
// loaded; everything else goes through dist/cli.js, which loads each command's code lazily.
import { VERSION } from "../dist/version.js";

// A reader that stops early (`crisis schema | head`) closes the pipe; that is the reader's choice,
// not a crash, so it ends the run quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  // dist/ ships source maps so a --debug stack names src/ files and lines. Mapping costs time at
  // every load, so it is switched on only for --debug, before any of dist/ is loaded.
  if (args.includes("--debug")) process.setSourceMapsEnabled(true);
  const { main } = await import("../dist/cli.js");
  process.exitCode = await main(process.argv);
}
