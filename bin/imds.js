#!/usr/bin/env node
// CommonJS (bin/package.json says so), as dist/imds.cjs: Node starts a CommonJS entry without its
// ES module loader, ~5 ms sooner. Commands load theirs when they run.
// The AWS SDK warns on every run under Node 20 that future releases will need Node 22;
// imds supports Node >= 20, so that notice is noise for its users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// `imds audit | head` closes stdout early: that is the reader's choice, not an error to report.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});
const CLI = require("node:path").join(__dirname, "../dist/imds.cjs");
let cli;
try {
  cli = require(CLI);
} catch (err) {
  if (err?.code !== "MODULE_NOT_FOUND" || !err.message.startsWith(`Cannot find module '${CLI}'`)) throw err;
  process.stderr.write("imds: the CLI is not built yet: run `npm run build` in the imds folder\n");
  process.exit(2);
}
let ended = false;
// A run whose work ends without a result (a promise nothing will settle) must not pass for a
// clean exit 0: it is an incomplete run.
process.on("beforeExit", () => {
  if (ended) return;
  process.stderr.write("imds: the run ended without a result\n");
  process.exit(3);
});
/** The run's result: its exit code, and an end a second later whatever still holds the loop. */
function finish(code) {
  ended = true;
  process.exitCode = code;
  // The report is written. Whatever may still hold the event loop (a credential helper that never
  // answered, a socket AWS never closed) must not hold the exit code back.
  setTimeout(() => process.exit(), 1000).unref();
}
cli.main(process.argv).then(finish, (err) => {
  // main() turns every outcome into an exit code; this is for a fault in imds itself.
  process.stderr.write(`imds: unexpected error: ${err?.message ?? err}\n`);
  finish(3);
});
