/**
 * Runs packet lifecycles along `packetMachine`'s own states, without XState doing each step.
 *
 * Why: with 5,000 packets in flight a simulation starts about 20 lifecycles per 60 Hz frame and
 * takes about 200 transitions. Measured on the frame benchmark (docs/performance.md), an actor per
 * packet cost most of the frame, and XState's transition logic alone (snapshots cloned, exit and
 * entry sets computed on every microstep, even with one actor scope shared by all packets) still
 * cost 4 ms of the 2 ms budget. The machine is flat, so its semantics fit in a page:
 *
 * - the plan is read once from the machine's definition (states, entry actions, eventless and
 *   delayed transitions with their guards, re-entry, the final state); a construct it does not
 *   know is refused when the module loads, not skipped;
 * - guards, delays and actions are the very functions the machine names (`packetGuards`,
 *   `packetDelays`, `checkNextHop`, `stepEvent` in packetMachine.ts);
 * - order as XState's: exit (the state's pending delay is cancelled), the transition's actions,
 *   then the target's entry actions, then its delay is scheduled; eventless transitions are taken
 *   until none is enabled; emitted events are delivered after the whole step, in order; a
 *   lifecycle that reaches the final state is forgotten at once.
 *
 * The machine stays the definition and the reference: its own tests cover every path with
 * `@xstate/graph`, and every lifecycle shape is run both ways, through `createActor` and through
 * this class, with the same steps required at the same times (packetLifecycles.test.ts).
 */
import type { SimClock, TimerId } from './clock';
import {
  checkNextHop, initialContext, packetDelays, packetGuards, packetMachine, stepEvent,
  type PacketContext, type PacketInput, type PacketStepEvent, type StepName,
} from './packetMachine';

type GuardName = keyof typeof packetGuards;
type DelayName = keyof typeof packetDelays;
type Action = { kind: 'check' } | { kind: 'announce'; step: StepName };

interface Transition {
  guard: GuardName | null;
  target: StatePlan;
  reenter: boolean;
  actions: Action[];
}

export interface StatePlan {
  key: string;
  entry: Action[];
  always: Transition[];
  after: { delay: DelayName; transitions: Transition[] } | null;
  final: boolean;
}

// ------------------------------------------------------------------ the plan, from the machine

function fail(where: string, what: string): never {
  throw new Error(`packet lifecycles: ${where}: ${what} is not supported; run this machine with createActor`);
}

function list(x: unknown): unknown[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

function record(x: unknown, where: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null) fail(where, JSON.stringify(x));
  return x as Record<string, unknown>;
}

function readAction(x: unknown, where: string): Action {
  const a = typeof x === 'string' ? { type: x } : record(x, where);
  if (a.type === 'checkNextHop') return { kind: 'check' };
  if (a.type === 'announce') return { kind: 'announce', step: record(a.params, where).step as StepName };
  return fail(where, `the action ${JSON.stringify(a.type)}`);
}

/** The initial state of a machine definition, each state linked to its targets; throws on what it can't run. */
export function readPlan(definition: unknown): StatePlan {
  const config = record(definition, 'the machine');
  const states = record(config.states, 'the machine');
  const plans = new Map<string, StatePlan>();
  for (const key of Object.keys(states)) plans.set(key, { key, entry: [], always: [], after: null, final: false });
  const planOf = (target: unknown, where: string): StatePlan => plans.get(String(target)) ?? fail(where, `the target ${JSON.stringify(target)}`);
  const transitions = (x: unknown, where: string): Transition[] =>
    list(x).map((t) => {
      const o = typeof t === 'string' ? { target: t } : record(t, where);
      for (const k of Object.keys(o)) if (!['guard', 'target', 'reenter', 'actions'].includes(k)) fail(where, `the transition field "${k}"`);
      if (o.guard !== undefined && !(typeof o.guard === 'string' && o.guard in packetGuards)) fail(where, `the guard ${JSON.stringify(o.guard)}`);
      return {
        guard: (o.guard as GuardName | undefined) ?? null,
        target: planOf(o.target, where),
        reenter: o.reenter === true,
        actions: list(o.actions).map((a) => readAction(a, where)),
      };
    });
  for (const [key, plan] of plans) {
    const where = `state "${key}"`;
    const s = record(states[key], where);
    for (const k of Object.keys(s)) if (!['entry', 'always', 'after', 'type'].includes(k)) fail(where, `the field "${k}"`);
    if (s.type !== undefined && s.type !== 'final') fail(where, `the type "${String(s.type)}"`);
    plan.final = s.type === 'final';
    plan.entry = list(s.entry).map((a) => readAction(a, where));
    plan.always = transitions(s.always, where);
    if (s.after !== undefined) {
      const delays = Object.entries(record(s.after, where));
      const [entry] = delays;
      if (delays.length !== 1 || !entry || !(entry[0] in packetDelays)) fail(where, 'an "after" with other than one named delay');
      plan.after = { delay: entry[0] as DelayName, transitions: transitions(entry[1], where) };
    }
  }
  return planOf(config.initial, 'the machine');
}

/** The machine's initial state, with every other state reachable from it. */
const INITIAL = readPlan(packetMachine.config);

// ------------------------------------------------------------------ running lifecycles

interface Lifecycle {
  context: PacketContext;
  state: StatePlan;
  /** The state's pending delay: a flat machine waits for at most one. */
  timer: TimerId | null;
  /** What the clock calls when the delay is over: one closure per lifecycle, not per delay. */
  wake: () => void;
}

export class PacketLifecycles {
  private readonly lives = new Map<string, Lifecycle>();

  constructor(
    private readonly clock: SimClock,
    private readonly onStep: (e: PacketStepEvent) => void,
    private readonly onDone: (id: string) => void,
  ) {}

  get size(): number {
    return this.lives.size;
  }

  /** The packet's current context, or undefined once it finished. */
  context(id: string): PacketContext | undefined {
    return this.lives.get(id)?.context;
  }

  start(input: PacketInput): void {
    const life: Lifecycle = { context: initialContext(input), state: INITIAL, timer: null, wake: () => this.onDelay(life) };
    this.lives.set(input.id, life);
    const out: PacketStepEvent[] = [];
    this.enter(life, INITIAL, out);
    this.settle(life, out);
  }

  /** Ends a lifecycle where it stands: no more steps, its pending delay cancelled. */
  stop(id: string): void {
    const life = this.lives.get(id);
    if (!life) return;
    this.lives.delete(id);
    if (life.timer !== null) this.clock.clearTimeout(life.timer);
    life.timer = null;
  }

  stopAll(): void {
    for (const id of [...this.lives.keys()]) this.stop(id);
  }

  private onDelay(life: Lifecycle): void {
    life.timer = null;
    const after = life.state.after;
    const t = after ? this.enabled(life, after.transitions) : null;
    if (!t) return;
    const out: PacketStepEvent[] = [];
    this.take(life, t, out);
    this.settle(life, out);
  }

  /** Takes eventless transitions while one is enabled, then delivers the step's events. */
  private settle(life: Lifecycle, out: PacketStepEvent[]): void {
    for (let t = this.enabled(life, life.state.always); t; t = this.enabled(life, life.state.always)) this.take(life, t, out);
    for (const e of out) this.onStep(e);
    if (life.state.final && this.lives.get(life.context.id) === life) {
      this.stop(life.context.id);
      this.onDone(life.context.id);
    }
  }

  private enabled(life: Lifecycle, candidates: readonly Transition[]): Transition | null {
    if (life.state.final) return null;
    for (const t of candidates) if (t.guard === null || packetGuards[t.guard](life.context)) return t;
    return null;
  }

  private take(life: Lifecycle, t: Transition, out: PacketStepEvent[]): void {
    const leaves = t.target !== life.state || t.reenter;
    if (leaves && life.timer !== null) {
      this.clock.clearTimeout(life.timer);
      life.timer = null;
    }
    this.run(life, t.actions, out);
    if (leaves) this.enter(life, t.target, out);
  }

  private enter(life: Lifecycle, state: StatePlan, out: PacketStepEvent[]): void {
    life.state = state;
    this.run(life, state.entry, out);
    if (state.after) life.timer = this.clock.setTimeout(life.wake, packetDelays[state.after.delay](life.context));
  }

  private run(life: Lifecycle, actions: readonly Action[], out: PacketStepEvent[]): void {
    for (const a of actions) {
      if (a.kind === 'check') Object.assign(life.context, checkNextHop(life.context));
      else out.push(stepEvent(life.context, a.step));
    }
  }
}
