// How imds talks to the terminal: color decision, width, and a progress line on stderr (TTY only).

export interface ColorEnv {
  flag: boolean;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

/** `--no-color` wins, then NO_COLOR, then FORCE_COLOR, then whether stdout is a terminal. */
export function shouldColor({ flag, env, isTTY }: ColorEnv): boolean {
  if (!flag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return !["0", "false"].includes(env.FORCE_COLOR);
  return isTTY && env.TERM !== "dumb";
}

/** Columns a report is laid out for when it does not go to a terminal (a pipe, a file, CI logs). */
export const DEFAULT_WIDTH = 120;

/** The terminal's width in columns; DEFAULT_WIDTH when the stream is not a terminal or does not say. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number {
  const columns = stream.isTTY ? stream.columns : undefined;
  return columns !== undefined && columns > 0 ? columns : DEFAULT_WIDTH;
}

export interface Progress {
  update(text: string): void;
  done(): void;
}

export function progressLine(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled || !stream.isTTY) return { update() {}, done() {} };
  let shown = false;
  return {
    update(text) {
      stream.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
