/**
 * Runs `stop` once before this process ends by Ctrl-C (SIGINT), SIGTERM or a closed stdout
 * (`npm run demo | head`: the next write fails with EPIPE), then exits. The demo and
 * `npm run server` use it so the embedded server never outlives them; the launcher's
 * --exit-with-parent covers the ends no handler sees (SIGKILL, a crash).
 */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export function stopOnExit(stop: () => Promise<void>): void {
  let stopping = false;
  const exit = (code: number) => {
    if (stopping) return;
    stopping = true;
    void stop()
      .catch(() => {})
      .finally(() => process.exit(code));
  };
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES)) process.once(signal, () => exit(code));
  // A reader that went away is not an error of ours: stop quietly, as `yes | head` does.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(0);
    else throw error;
  });
}
