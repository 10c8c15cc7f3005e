/**
 * Device-lock scheduling: jobs start in list order as soon as every device they claim is free;
 * a job never overtakes an earlier waiting job that claims one of the same devices (one FIFO
 * queue per device), so queues on different devices run in parallel and no device ever carries
 * two jobs at once.
 */

/** What a finished job tells the scheduler. */
export interface JobEnd {
  /** False: the job's devices stay held until the end of the run (kept stack, failed destroy). */
  readonly releaseDevices: boolean;
}

/** How the scheduler sees jobs. */
export interface ScheduleHooks<T> {
  /** Device claim keys of a job. */
  readonly claims: (job: T) => readonly string[];
  /** Runs a job; must not reject. */
  readonly run: (job: T) => Promise<JobEnd>;
  /** False once no new job may start (interrupt). */
  readonly mayStart: () => boolean;
}

/** Jobs that never started, and why. */
export interface ScheduleOutcome<T> {
  /** Not started because starting stopped (interrupt). */
  readonly notStarted: readonly T[];
  /** Not started because a device they need stayed held: job -> held claim keys. */
  readonly blocked: ReadonlyMap<T, readonly string[]>;
}

/** Runs `jobs` under the device rule; resolves when every started job has ended. */
export async function runScheduled<T>(jobs: readonly T[], hooks: ScheduleHooks<T>): Promise<ScheduleOutcome<T>> {
  const pending = [...jobs];
  const busy = new Set<string>();
  const stuck = new Set<string>();
  const running = new Set<Promise<void>>();

  const startable = (): T[] => {
    const started: T[] = [];
    const waitingClaims = new Set<string>();
    for (const job of pending) {
      const claims = hooks.claims(job);
      if (claims.some((c) => stuck.has(c))) continue; // never startable; does not hold up others
      if (claims.every((c) => !busy.has(c) && !waitingClaims.has(c))) {
        started.push(job);
        claims.forEach((c) => busy.add(c));
      } else claims.forEach((c) => waitingClaims.add(c));
    }
    return started;
  };

  for (;;) {
    if (hooks.mayStart()) {
      for (const job of startable()) {
        pending.splice(pending.indexOf(job), 1);
        const promise: Promise<void> = hooks.run(job).then((end) => {
          running.delete(promise);
          for (const c of hooks.claims(job)) {
            busy.delete(c);
            if (!end.releaseDevices) stuck.add(c);
          }
        });
        running.add(promise);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }

  const blocked = new Map<T, readonly string[]>();
  const notStarted: T[] = [];
  for (const job of pending) {
    const held = hooks.claims(job).filter((c) => stuck.has(c));
    if (held.length > 0 && hooks.mayStart()) blocked.set(job, held);
    else notStarted.push(job);
  }
  return { notStarted, blocked };
}
