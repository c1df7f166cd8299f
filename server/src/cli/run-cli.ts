/**
 * Runs a command-line entry point: a known failure prints one line that names the fix and exits
 * 1; an unexpected one prints its stack too, because then the stack is the useful part.
 */
import { GccError } from '../errors.ts';

export function runCli(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof GccError) {
      console.error(`error [${err.code}]: ${err.message}`);
    } else {
      console.error(`error: ${(err as Error)?.message ?? String(err)}`);
      console.error((err as Error)?.stack);
    }
    process.exit(1);
  });
}
