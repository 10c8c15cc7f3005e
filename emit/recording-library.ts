/**
 * A construct library that records what a storage backend builds instead of building it: each
 * `new kit.library.X(scope, id, props)` becomes a recorded construct (a plain `Construct`, so the
 * backend's own lookups by id and `instanceof` work), from which the production stack's source is
 * written. The backend's build code runs unchanged, so the emitted stack makes exactly the storage
 * the scenario's stack made.
 */
import { Construct } from "constructs";
import type { StorageLibrary } from "../backends/backend";

/** One construct a backend made. */
export interface RecordedConstruct {
  /** The library class, e.g. "ZfsPool". */
  readonly className: string;
  readonly scope: Construct;
  readonly id: string;
  readonly props: unknown;
  readonly construct: Construct;
}

/** A library whose classes record their constructions in `records`, in order. */
export function recordingLibrary(records: RecordedConstruct[]): StorageLibrary {
  const classes = new Map<string, typeof Construct>();
  const classFor = (className: string): typeof Construct => {
    const existing = classes.get(className);
    if (existing) return existing;
    const recording = class extends Construct {
      constructor(scope: Construct, id: string, props?: unknown) {
        super(scope, id);
        records.push({ className, scope, id, props, construct: this });
      }
    };
    classes.set(className, recording);
    return recording;
  };
  const handler: ProxyHandler<object> = { get: (_target, property) => (typeof property === "string" ? classFor(property) : undefined) };
  return new Proxy({}, handler) as unknown as StorageLibrary;
}
