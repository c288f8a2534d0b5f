// A seeded PRNG, so that a crash run is repeatable from its seed: the operations each writer picks,
// their values, and the moment of each kill. (What the server has committed when the kill lands still
// depends on timing; the seed reproduces the plan, not the interleaving.)

export class Prng {
  private state: number;

  /** A stream for `seed`, told apart from the other streams of the run by `labels` (cycle, writer…). */
  constructor(seed: number, ...labels: number[]) {
    let s = seed >>> 0;
    for (const label of labels) s = Math.imul(s ^ (label + 0x9e3779b9), 0x85ebca6b) >>> 0;
    this.state = s;
    for (let i = 0; i < 4; i += 1) this.next();
  }

  /** mulberry32: a uniform 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return max <= min ? min : min + (this.next() % (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() / 0x1_0000_0000 < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }
}

/** A fresh seed for a run that was not given one (printed, so that it can be given next time). */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x7fff_ffff);
}
