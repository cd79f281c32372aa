#!/usr/bin/env node
// The AWS SDK warns on every run under Node 20 that future releases will need Node 22;
// imds supports Node >= 20, so that notice is noise for its users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { main } = await import("../dist/imds.js");
process.exitCode = await main(process.argv);
