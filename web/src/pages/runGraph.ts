import { h } from "../app/dom";
import { statusBadge } from "./run";

export interface GraphStep { id: string; type: string; dependsOn?: string[]; }

const ColumnWidth = 200;
const RowHeight = 76;
const NodeWidth = 160;
const NodeHeight = 52;

/**
 * A run's steps as a graph: a column per dependency level (a step sits one column right of its deepest dependency),
 * lines from each dependency to its dependent, and each node showing its step's status. `update` recolours the nodes
 * in place as the run moves on; the layout depends on the definition only, so nothing jumps.
 */
export function runGraph(steps: GraphStep[]): { element: HTMLElement; update(statuses: Map<string, string>): void } {
  const level = new Map<string, number>();
  const levelOf = (id: string, seen = new Set<string>()): number => {
    if (level.has(id)) return level.get(id)!;
    if (seen.has(id)) return 0; // Definitions are DAGs (the server checks); this only guards the page.
    seen.add(id);
    const deps = steps.find((s) => s.id === id)?.dependsOn ?? [];
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => levelOf(d, seen)));
    level.set(id, value);
    return value;
  };
  steps.forEach((s) => levelOf(s.id));

  const rows = new Map<number, number>();
  const position = new Map<string, { x: number; y: number }>();
  for (const step of steps) {
    const column = level.get(step.id)!;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    position.set(step.id, { x: column * ColumnWidth, y: row * RowHeight });
  }

  const width = (Math.max(0, ...level.values()) + 1) * ColumnWidth;
  const height = Math.max(1, ...rows.values()) * RowHeight;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("dag-edges");
  for (const step of steps) {
    for (const dependency of step.dependsOn ?? []) {
      const from = position.get(dependency);
      const to = position.get(step.id)!;
      if (!from) continue;
      const line = document.createElementNS("http://www.w3.org/2000/svg", "path");
      const [x1, y1, x2, y2] = [from.x + NodeWidth, from.y + NodeHeight / 2, to.x, to.y + NodeHeight / 2];
      line.setAttribute("d", `M${x1},${y1} C${x1 + 20},${y1} ${x2 - 20},${y2} ${x2},${y2}`);
      svg.append(line);
    }
  }

  const nodes = new Map<string, HTMLElement>();
  const element = h("div", { class: "dag", role: "list", "aria-label": "Steps as a graph", style: `width:${width}px;height:${height}px` });
  element.append(svg);
  for (const step of steps) {
    const { x, y } = position.get(step.id)!;
    const badge = h("span", { class: "dag-status" });
    const node = h("div", { class: "dag-node", role: "listitem", "data-step": step.id, style: `left:${x}px;top:${y}px;width:${NodeWidth}px;height:${NodeHeight}px` },
      h("code", {}, step.id), h("span", { class: "muted" }, ` ${step.type}`), badge);
    nodes.set(step.id, node);
    element.append(node);
  }

  return {
    element: h("div", { class: "dag-wrap" }, element),
    update(statuses) {
      for (const [id, node] of nodes) {
        const status = statuses.get(id) ?? "pending";
        node.dataset.status = status;
        node.className = `dag-node node-${status}`;
        node.querySelector(".dag-status")!.replaceChildren(statusBadge(status));
      }
    },
  };
}
