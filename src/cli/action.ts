// One wrapper for every command's handler: the handler returns its exit code, the wrapper keeps it
// for main(), which returns it (bin/imds.js sets process.exitCode). No callback is threaded through.

/** The exit code of the command that ran (0 until one returns). */
export interface Outcome {
  code: number;
}

/** Makes the `action(run)` wrapper that records each run's exit code in `outcome`. */
export function actionFor(outcome: Outcome) {
  return <A extends unknown[]>(run: (...args: A) => Promise<number>) =>
    async (...args: A): Promise<void> => {
      outcome.code = await run(...args);
    };
}
