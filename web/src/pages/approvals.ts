import type { PendingApproval } from "@powerautomation/client";
import { errorBox, toast } from "../app/errors";
import { field, formatTime, h, mount } from "../app/dom";
import { client } from "../app/session";

/** `/approvals`: what workflows wait for the signed-in user to decide, each with a comment and Approve / Reject. */
export async function renderApprovals(main: HTMLElement): Promise<void> {
  const error = errorBox();
  const list = h("div", { class: "approvals", "aria-live": "polite" }, h("p", { class: "empty" }, "Loading…"));
  mount(main, h("h1", {}, "Approvals"),
    h("p", { class: "muted" }, "Workflow steps waiting for your decision. Approving lets the run go on; rejecting fails the step."),
    error.element, list);
  document.title = "Approvals · ClaudeEditor";

  let waiting: PendingApproval[];
  try {
    waiting = await client.workflows.approvals();
  } catch (e) {
    mount(list);
    error.show(e);
    return;
  }

  const empty = (): HTMLElement => h("p", { class: "empty" }, "Nothing is waiting for you.");
  mount(list, waiting.length === 0 ? empty() : waiting.map((approval) => card(approval, () => {
    if (!list.querySelector(".approval")) mount(list, empty());
  })));
}

function card(approval: PendingApproval, onDecided: () => void): HTMLElement {
  const comment = h("textarea", { name: "comment", rows: 2, maxlength: 2000 });
  const cardError = errorBox();
  const approve = h("button", { type: "button" }, "Approve");
  const reject = h("button", { type: "button", class: "danger" }, "Reject");
  const element = h("article", { class: "card approval", "data-run": approval.runId, "data-step": approval.stepId },
    h("p", { class: "approval-message" }, approval.message),
    h("p", { class: "muted" }, "Run ", h("code", {}, approval.runId.slice(0, 8)), ` · step ${approval.stepId} · asked ${formatTime(approval.requestedAt)}`,
      approval.until ? ` · decide by ${formatTime(approval.until)}` : "",
      approval.escalated ? [" ", h("span", { class: "badge" }, "escalated to you")] : null),
    field("Comment (optional)", comment), cardError.element, h("p", { class: "row" }, approve, reject));

  async function decide(approved: boolean): Promise<void> {
    cardError.clear();
    approve.disabled = reject.disabled = true;
    try {
      await client.workflows.decide(approval.runId, approval.stepId, approved, comment.value.trim() || undefined);
      toast(approved ? "Approved: the run goes on." : "Rejected: the step failed.");
      element.remove();
      onDecided();
    } catch (e) {
      cardError.show(e);
      approve.disabled = reject.disabled = false;
    }
  }

  approve.addEventListener("click", () => void decide(true));
  reject.addEventListener("click", () => void decide(false));
  return element;
}
