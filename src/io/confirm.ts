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
  let answered = false;
  // On a terminal, readline reads Ctrl-C itself (raw mode) and would close: pass it on as the
  // signal it is, so the run ends as any interrupted run does (exit 130), not as a "no".
  rl.once("SIGINT", () => process.kill(process.pid, "SIGINT"));
  // An answer and the end of the input can come in one read: the answer, settled in the same
  // turn, goes first.
  const ended = new Promise<string>((resolve) =>
    rl.once("close", () =>
      setImmediate(() => {
        if (!answered) output.write("\n");
        resolve("");
      }),
    ),
  );
  // Newer Node versions reject the question when the input closes: that is a "no" too.
  const asked = rl.question(`${question} [y/N] `).then(
    (answer) => {
      answered = true;
      return answer;
    },
    () => "",
  );
  try {
    return /^y(es)?$/i.test((await Promise.race([asked, ended])).trim());
  } finally {
    answered = true;
    rl.close();
  }
}
