/**
 * Progress of a command's phases (load, synthesize, check, compare...) on stderr, so stdout
 * stays the command's result. On a terminal: one live line, rewritten as the work advances
 * and cleared at the end. Elsewhere (CI logs, pipes): one line when each phase ends, with
 * what it did and how long it took, and a line every few seconds while a long phase runs,
 * so a log is never silent for long. REALMKIT_PROGRESS=off silences it, `lines` or `tty`
 * forces a style. Small and free of dependencies: every command that may take a second loads it.
 */
export interface Phases {
  /** Starts a phase (ending the previous one); `detail` says what it works on. */
  phase(name: string, detail?: string): void;
  /** What the current phase has done so far: `25/100 stacks`. */
  update(detail: string): void;
  /** Ends the current phase with what it did (`112 stacks, 111 from the cache`). */
  end(summary?: string): void;
  /** Ends everything: clears the live line. */
  close(): void;
}

export type ProgressStyle = "tty" | "lines" | "off";

export function progressStyle(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stderr): ProgressStyle {
  const forced = env.REALMKIT_PROGRESS;
  if (forced === "off" || forced === "lines" || forced === "tty") return forced;
  return stream.isTTY && !env.CI ? "tty" : "lines";
}

/** Seconds between lines while a long phase runs in a log. */
const HEARTBEAT_MS = 2000;

export function phases(
  command: string,
  options: { env?: NodeJS.ProcessEnv; stream?: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean } } = {},
): Phases {
  const stream = options.stream ?? process.stderr;
  const style = progressStyle(options.env ?? process.env, stream);
  let name: string | undefined;
  let detail = "";
  let started = 0;
  let lastLine = 0;
  let timer: NodeJS.Timeout | undefined;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

  const render = () => {
    if (style !== "tty" || name === undefined) return;
    const text = `realmkit ${command}: ${name}${detail ? ` ${detail}` : ""} (${seconds(Date.now() - started)})`;
    const width = (stream as NodeJS.WriteStream).columns ?? 100;
    stream.write(`\r\x1b[K${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`);
  };
  const heartbeat = () => {
    if (style !== "lines" || name === undefined) return;
    const now = Date.now();
    if (now - lastLine < HEARTBEAT_MS) return;
    lastLine = now;
    stream.write(`realmkit ${command}: ${name}${detail ? ` ${detail}` : ""}, ${seconds(now - started)} so far\n`);
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  const end = (summary?: string) => {
    if (name === undefined) return;
    const took = Date.now() - started;
    if (style === "lines")
      stream.write(`realmkit ${command}: ${name}${summary ? `: ${summary}` : detail ? ` ${detail}` : ""} (${seconds(took)})\n`);
    name = undefined;
    detail = "";
    stopTimer();
  };
  return {
    phase(next, what = "") {
      end();
      if (style === "off") return;
      name = next;
      detail = what;
      started = Date.now();
      lastLine = started;
      render();
      // Async phases (git, terraform, child synths) tick on their own; sync ones call update().
      timer = setInterval(() => (style === "tty" ? render() : heartbeat()), style === "tty" ? 200 : HEARTBEAT_MS);
      timer.unref();
    },
    update(what) {
      if (name === undefined) return;
      detail = what;
      if (style === "tty") render();
      else heartbeat();
    },
    end,
    close() {
      end();
      if (style === "tty") stream.write("\r\x1b[K");
    },
  };
}
