// `npm run demo`: starts the bundled simulator with the demo account, audits it, stops the simulator.
// Fake credentials and the local endpoint keep every call on 127.0.0.1: nothing reaches AWS.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const scenario = process.argv[2] ?? "demo";
const sim = spawn(process.execPath, ["dist/sim.js", "--scenario", scenario, "--port", "0"], {
  stdio: ["ignore", "pipe", "inherit"],
});
const stop = () => sim.exitCode === null && sim.kill("SIGTERM");
process.on("exit", stop);

const url = await new Promise((resolve, reject) => {
  sim.once("exit", (code) => reject(new Error(`the simulator exited with code ${code}`)));
  createInterface({ input: sim.stdout }).on("line", (line) => {
    const m = /listening on (http:\/\/\S+)/.exec(line);
    if (m) resolve(m[1]);
  });
}).catch((err) => {
  console.error(`demo: ${err.message}`);
  process.exit(1);
});

console.error(`demo: simulator with the "${scenario}" account at ${url}\n`);
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "AKIADEMODEMODEMODEMO",
  AWS_SECRET_ACCESS_KEY: "demo-secret-not-a-real-key",
  AWS_REGION: "us-east-1",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
};
delete env.AWS_PROFILE;
delete env.AWS_SESSION_TOKEN;
const args = ["bin/imds.js", "audit", "--usage", "--endpoint-url", url, ...process.argv.slice(3)];
const imds = spawn(process.execPath, args, { stdio: "inherit", env });
imds.on("exit", (code) => {
  stop();
  const meaning = { 0: "compliant", 1: "findings", 2: "bad usage", 3: "incomplete" }[code] ?? "interrupted";
  const why = scenario === "demo" && code === 1 ? " The demo account has findings on purpose." : "";
  console.error(`\ndemo: imds exited with ${code} (${meaning}).${why}`);
  // Findings are the point of the demo; anything else is a real failure.
  process.exitCode = code === 0 || code === 1 ? 0 : code;
});
