import type { HttpCore } from "../http.js";
import type { Applied, BlameRange, DocumentContent, DocumentDetails, DocumentRenamed, DocumentVersion, HistoryItem, SubmitBody, UndoBody } from "../types.js";
import { seg } from "./path.js";

/** Documents over plain HTTP; for live editing use `PaClient.live`. */
export class DocumentsApi {
  constructor(private readonly http: HttpCore) {}

  get(documentId: string): Promise<DocumentDetails> {
    return this.http.request("GET", `/api/v1/documents/${seg(documentId)}`);
  }

  rename(documentId: string, path: string): Promise<DocumentRenamed> {
    return this.http.request("PATCH", `/api/v1/documents/${seg(documentId)}`, { body: { path } });
  }

  delete(documentId: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/documents/${seg(documentId)}`);
  }

  /** Operations from revision `from` on: the one that produced `from + 1` first (limit 1-1000, default 100). */
  history(documentId: string, from?: number, limit?: number): Promise<HistoryItem[]> {
    return this.http.request("GET", `/api/v1/documents/${seg(documentId)}/operations`, { query: { from, limit } });
  }

  /** The content at `revision` (default: the latest). */
  content(documentId: string, revision?: number): Promise<DocumentContent> {
    return this.http.request("GET", `/api/v1/documents/${seg(documentId)}/content`, { query: { revision } });
  }

  /** Submits one operation made on `revision`; the answer is the operation as transformed and applied. */
  submit(documentId: string, body: SubmitBody): Promise<Applied> {
    return this.http.request("POST", `/api/v1/documents/${seg(documentId)}/operations`, { body });
  }

  /** Takes back (or with `redo` puts back) an author's newest changes as one new operation; 409 `nothing_to_undo`. */
  undo(documentId: string, body: UndoBody = {}): Promise<Applied> {
    return this.http.request("POST", `/api/v1/documents/${seg(documentId)}/undo`, { body });
  }

  /** Who wrote each range of the current content. */
  blame(documentId: string): Promise<BlameRange[]> {
    return this.http.request("GET", `/api/v1/documents/${seg(documentId)}/blame`);
  }

  /** Names the current revision. */
  createVersion(documentId: string, name: string): Promise<DocumentVersion> {
    return this.http.request("POST", `/api/v1/documents/${seg(documentId)}/versions`, { body: { name } });
  }

  versions(documentId: string): Promise<DocumentVersion[]> {
    return this.http.request("GET", `/api/v1/documents/${seg(documentId)}/versions`);
  }

  /** Brings back the content of `revision` as one new operation. */
  restore(documentId: string, revision: number): Promise<Applied> {
    return this.http.request("POST", `/api/v1/documents/${seg(documentId)}/restore`, { body: { revision } });
  }
}
