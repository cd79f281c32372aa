import { createInterface } from "node:readline/promises";

/**
 * Asks a yes/no question on the terminal; anything but y/yes is no, and so is input that ends
 * before an answer (Ctrl-D), where readline's question would wait forever (nodejs/node#53497).
 */
export async function confirm(
  question: string,
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
): Promise<boolean> {
  const rl = createInterface({ input, output });
  // On a terminal, readline reads Ctrl-C itself (raw mode) and would close: pass it on as the
  // signal it is, so the run ends as any interrupted run does (exit 130), not as a "no".
  rl.once("SIGINT", () => process.kill(process.pid, "SIGINT"));
  // undefined: the input ended first. A turn later, so an answer read with the end of the input
  // wins; newer Node versions reject the question on close instead.
  const ended = new Promise<undefined>((resolve) =>
    rl.once("close", () => setImmediate(() => resolve(undefined))),
  );
  const asked = rl.question(`${question} [y/N] `).catch(() => undefined);
  try {
    const answer = await Promise.race([asked, ended]);
    if (answer === undefined) output.write("\n"); // end the prompt's line
    return answer !== undefined && /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
