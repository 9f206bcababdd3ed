import { transformSelection, untransformIndex, type SelectionRange } from "../ot/selection.js";
import type { TextOperation } from "../ot/text-operation.js";

/**
 * This client's own selection, in local-view positions, and its throttled sending: at most one presence frame per
 * interval, always the latest selection, expressed in the server's coordinates (mapped back through the local
 * edits the server has not applied yet).
 */
export class OwnPresence {
  private ranges: SelectionRange[] | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sentAt = -Infinity;
  /** The last frame sent was mapped back through unacknowledged edits, so others see it short of the caret. */
  private sentWithPending = false;

  constructor(
    private readonly intervalMs: number,
    /** Sends a frame if the socket is ready; false when it is not. */
    private readonly send: (frame: object) => boolean,
    /** Unacknowledged local operations, oldest first. */
    private readonly pending: () => TextOperation[],
  ) {}

  get selection(): SelectionRange[] | null {
    return this.ranges;
  }

  set(ranges: SelectionRange[], length: number): void {
    this.ranges = ranges.map((r) => ({ anchor: clamp(r.anchor, length), head: clamp(r.head, length) }));
  }

  /** Follows an operation applied to the local view; `own` when this client typed it. */
  transform(op: TextOperation, own: boolean): void {
    if (this.ranges) {
      this.ranges = transformSelection(this.ranges, op, own);
    }
  }

  clamp(length: number): void {
    if (this.ranges) {
      this.set(this.ranges, length);
    }
  }

  /** Sends now if the interval allows (or `now`), else once it has passed. */
  schedule(now = false): void {
    if (!this.ranges) {
      return;
    }

    const wait = now ? 0 : this.sentAt + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.cancel();
      this.sendNow();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.sendNow();
      }, wait);
    }
  }

  /**
   * After an acknowledgement: a selection last sent while edits were in flight named a position without them; once
   * they are applied it is sent again (throttled), so others' view of this caret catches up when typing stops.
   */
  afterAck(): void {
    if (this.sentWithPending) {
      this.schedule();
    }
  }

  cancel(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private sendNow(): void {
    if (!this.ranges) {
      return;
    }

    const newestFirst = this.pending().reverse();
    const back = (index: number) => newestFirst.reduce((i, op) => untransformIndex(i, op), index);
    if (this.send({ type: "presence", selection: this.ranges.map((r) => ({ anchor: back(r.anchor), head: back(r.head) })) })) {
      this.sentAt = Date.now();
      this.sentWithPending = newestFirst.length > 0;
    }
  }
}

function clamp(value: number, max: number): number {
  return Math.max(0, Math.min(Math.trunc(value), max));
}
