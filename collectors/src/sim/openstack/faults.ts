/**
 * Failure controls for tests: make one simulated node fail the way real CMPs do. A fault applies to
 * every request under /{nodeId}/, or only to the services listed.
 */
export type SimService = 'identity' | 'compute' | 'placement' | 'monitoring';

export type SimFault =
  | { kind: 'error'; status?: number; services?: SimService[] }
  /** Never answers (until the app closes): the caller's timeout must fire. */
  | { kind: 'timeout'; services?: SimService[] }
  | { kind: 'slow'; delayMs: number; services?: SimService[] }
  /** 200 with a body that is not the API's JSON. */
  | { kind: 'malformed'; services?: SimService[] };

export class FaultTable {
  readonly #faults = new Map<string, SimFault>();

  constructor(initial: Readonly<Record<string, SimFault>> = {}) {
    for (const [node, fault] of Object.entries(initial)) this.#faults.set(node, fault);
  }

  set(nodeId: string, fault: SimFault | null): void {
    if (fault) this.#faults.set(nodeId, fault);
    else this.#faults.delete(nodeId);
  }

  get(nodeId: string, service: SimService): SimFault | undefined {
    const f = this.#faults.get(nodeId);
    return f && (!f.services || f.services.includes(service)) ? f : undefined;
  }
}
