import { TextOperation } from "../../src/ot/index.js";

/** A seeded PRNG (mulberry32), so a failing randomised case can be replayed from its seed. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Text with some astral characters (surrogate pairs) among ASCII. */
export function randomText(random: Random, maxLength: number): string {
  const alphabet = ["a", "b", "c", "x", " ", "\n", "\u00e9", "\u{1F600}", "\u{1F44D}"];
  let text = "";
  const length = random.int(maxLength + 1);
  while (text.length < length) {
    text += random.pick(alphabet);
  }

  return text;
}

/** A random operation on `document`, cutting only between whole characters (never inside a surrogate pair). */
export function randomOperation(random: Random, document: string): TextOperation {
  const op = new TextOperation();
  const characters = Array.from(document);
  let i = 0;
  while (i < characters.length) {
    const run = 1 + random.int(Math.min(5, characters.length - i));
    const units = characters.slice(i, i + run).join("").length;
    const choice = random.next();
    if (choice < 0.2) {
      op.insert(randomText(random, 4) || "i");
    } else if (choice < 0.45) {
      op.delete(units);
      i += run;
    } else {
      op.retain(units);
      i += run;
    }
  }

  if (random.next() < 0.3) {
    op.insert(randomText(random, 4) || "e");
  }

  return op;
}
