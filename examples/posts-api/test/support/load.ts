// A bounded load of GET requests: `concurrency` clients, each sending its next request as soon as
// the last one answered (keep-alive, as a load balancer does), until stopped. Any answer but 200, and
// any request that fails or takes longer than 10 s, is a failure, counted by reason and time. The
// clients can be paused between requests: pause() resolves once none is in flight.

export interface Failure {
  at: number;
  reason: string;
}

export interface LoadResult {
  requests: number;
  failures: Failure[];
  /** Failures by reason: `503`, `ECONNREFUSED`… */
  byReason: Record<string, number>;
  durationMs: number;
}

export interface Load {
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<LoadResult>;
}

export function startLoad(url: string, concurrency: number): Load {
  const started = Date.now();
  let requests = 0;
  const failures: Failure[] = [];
  let stopped = false;
  let inFlight = 0;
  let gate: Promise<void> | undefined;
  let open: (() => void) | undefined;
  let idle: (() => void) | undefined;

  const one = async () => {
    inFlight++;
    requests++;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status !== 200) failures.push({ at: Date.now(), reason: String(res.status) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      failures.push({ at: Date.now(), reason: cause?.code ?? (error as Error).name });
    } finally {
      inFlight--;
      if (inFlight === 0) idle?.();
    }
  };
  const client = async () => {
    while (!stopped) {
      // Checked again after waking: a pause may have begun again meanwhile.
      while (gate && !stopped) await gate;
      if (stopped) break;
      await one();
    }
  };
  const clients = Array.from({ length: concurrency }, () => client());

  return {
    async pause() {
      gate ??= new Promise<void>((resolve) => (open = resolve));
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      idle = undefined;
    },
    resume() {
      const release = open;
      gate = undefined;
      open = undefined;
      release?.();
    },
    async stop() {
      stopped = true;
      this.resume();
      await Promise.all(clients);
      const byReason: Record<string, number> = {};
      for (const f of failures) byReason[f.reason] = (byReason[f.reason] ?? 0) + 1;
      return { requests, failures, byReason, durationMs: Date.now() - started };
    },
  };
}
