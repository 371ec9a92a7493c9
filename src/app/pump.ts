/**
 * A background loop that runs one job at a time: on a timer, and at once when kicked. A kick
 * during a run makes one more run afterwards, never two at once.
 */

/** A running loop. */
export interface Pump {
  /** Runs the job as soon as the current run (if any) ends. */
  kick(): void;
  /** Stops the timer and waits for the run in flight. */
  stop(): Promise<void>;
}

/** Starts a loop calling `job` every `intervalMs` and on every kick; errors go to `onError`. */
export function startPump(
  job: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void,
): Pump {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, intervalMs);
    timer.unref();
  };

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        await null; // always yield first, so a job that throws at once still leaves `running` set
        await job();
      } catch (error) {
        onError(error);
      } finally {
        running = null;
        if (again && !stopped) {
          again = false;
          run();
        } else {
          schedule();
        }
      }
    })();
  }

  schedule();
  return {
    kick: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
