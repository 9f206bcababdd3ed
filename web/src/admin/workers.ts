import { errorBox } from "../app/errors";
import { append, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";
import { refreshButton, row, table } from "./ui";

interface WorkerStatus {
  key: string; silo: string; device: string; queuedItems: number; queueCapacity: number; maxBatchSize: number;
  batches: number; items: number; reportedAt: string;
}

/** The model workers (embeddings) in the cluster: where each runs and how busy it is. */
export async function renderWorkersSection(container: HTMLElement): Promise<void> {
  const error = errorBox();
  const body = h("div", {}, h("p", { class: "muted" }, "Loading…"));

  async function load(): Promise<void> {
    error.clear();
    try {
      const workers = (await client.admin.aiWorkers()) as unknown as WorkerStatus[];
      mount(body, workers.length === 0 ? h("p", { class: "empty" }, "No model workers are running.")
        : table("Model workers", ["Worker", "Silo", "Device", "Queue", "Max batch", "Batches", "Sentences", "Reported"],
          workers.slice(0, 500).map((w) => row([
            h("code", {}, w.key), w.silo, w.device, `${w.queuedItems} of ${w.queueCapacity}`, String(w.maxBatchSize),
            String(w.batches), String(w.items), formatTime(w.reportedAt),
          ], { "data-worker": w.key }))));
    } catch (e) {
      mount(body);
      error.show(e);
    }
  }

  append(container, [h("p", {}, refreshButton(load)), error.element, body]);
  await load();
}
