/** Test helpers for engine tests: a workflow registry and a gate to hold a step open. */
import type { EngineWorkflow, Json, StepTools } from '../contract.ts';

/** A mutable registry of workflows for tests (swap one to simulate a code change between replays). */
export function createRegistry(initial: EngineWorkflow[] = []) {
  const map = new Map(initial.map((w) => [w.id, w]));
  return {
    lookup: (id: string) => map.get(id),
    set(id: string, run: (tools: StepTools, input: Json) => Promise<Json | void>) {
      map.set(id, { id, run });
    },
  };
}

/** A promise to resolve from outside. */
export function createGate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** Waits until `check` is true, polling every few ms (for worker-loop tests only). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
