import { maskChunk } from "../lib/secrets/mask";

/**
 * Every byte the CLI writes to stdout and stderr passes through the masking function. Messages
 * and reports mask their own values already; this is the last line for whatever else prints a
 * value (a library's log, a Terraform message echoed back, a future command that forgets).
 */
export function maskOutputStreams(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(typeof chunk === "string" || chunk instanceof Uint8Array ? maskChunk(chunk) : chunk, ...rest)) as typeof stream.write;
  }
}
