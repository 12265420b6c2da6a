/**
 * What a run leaves behind for the views: the event log, the process table, the history of each
 * connection-tracking entry, and the outcome of each identified traffic item. With `keep` off
 * (soak runs) only the outcomes are kept, since expectations are checked against them.
 */
import type { PacketKind, PacketStepEvent } from './packetMachine';
import type { PacketOutcome, SimEvent } from './events';
import { flowText, rowFor, type CtChange, type ProcessRow } from './tables';

export class RunLog {
  readonly events: SimEvent[] = [];
  readonly rows: ProcessRow[] = [];
  private readonly ctHistory = new Map<string, CtChange[]>();
  private readonly outcomes = new Map<string, PacketOutcome>();

  constructor(private readonly keep: boolean) {}

  event(e: SimEvent): void {
    if (this.keep) this.events.push(e);
  }

  step(e: PacketStepEvent, time: number, trafficId: string | null, receiverName: string): void {
    if (this.keep) {
      this.rows.push(rowFor(e, this.rows.length + 1, time, trafficId, receiverName));
      // Only the check steps: a dropped step repeats its check's result, whose tracking is already recorded.
      const checked = e.step === 'egress-check' || e.step === 'ingress-check' ? e.hop : null;
      for (const t of checked?.tracking ?? []) {
        if (t.kind === 'not-recorded') continue;
        const key = `${t.entry.eniId}|${t.entry.key}`;
        const list = this.ctHistory.get(key) ?? [];
        list.push({ time, packetId: e.packetId, effect: t.kind, note: t.kind === 'untracked' ? t.why : flowText(t.entry) });
        this.ctHistory.set(key, list);
      }
    }
    if (trafficId !== null && (e.step === 'dropped' || e.step === 'delivered')) {
      const dropped = e.step === 'dropped' ? e.hop : null;
      this.outcomes.set(`${trafficId}|${e.kind}`, {
        packetId: e.packetId, kind: e.kind, verdict: dropped ? 'dropped' : 'allowed', hop: dropped?.hop ?? null,
        decidedBy: dropped?.decidedBy.text ?? null, explanation: dropped?.explanation ?? null, time,
      });
    }
  }

  outcome(trafficId: string, kind: PacketKind): PacketOutcome | undefined {
    return this.outcomes.get(`${trafficId}|${kind}`);
  }

  /** How one entry changed, step by step. */
  entryHistory(eniId: string, key: string): CtChange[] {
    return this.ctHistory.get(`${eniId}|${key}`) ?? [];
  }
}
