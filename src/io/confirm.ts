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
  const ended = new Promise<string>((resolve) =>
    rl.once("close", () => {
      if (!answered) output.write("\n");
      resolve("");
    }),
  );
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `), ended]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    answered = true;
    rl.close();
  }
}
