import type { HttpCore } from "../http.js";
import type {
  DocumentCreated, DocumentSummary, Invitation, ProjectCreated, ProjectDetails, ProjectRole, ProjectSummary, SearchHit,
} from "../types.js";
import { seg } from "./path.js";

export class ProjectsApi {
  constructor(private readonly http: HttpCore) {}

  list(): Promise<ProjectSummary[]> {
    return this.http.request("GET", "/api/v1/projects");
  }

  create(name: string): Promise<ProjectCreated> {
    return this.http.request("POST", "/api/v1/projects", { body: { name } });
  }

  get(projectId: string): Promise<ProjectDetails> {
    return this.http.request("GET", `/api/v1/projects/${seg(projectId)}`);
  }

  rename(projectId: string, name: string): Promise<ProjectSummary> {
    return this.http.request("PATCH", `/api/v1/projects/${seg(projectId)}`, { body: { name } });
  }

  delete(projectId: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/projects/${seg(projectId)}`);
  }

  /** Invites by e-mail (answers the same whether or not the address has an account). */
  addMember(projectId: string, email: string, role: ProjectRole): Promise<void> {
    return this.http.request("POST", `/api/v1/projects/${seg(projectId)}/members`, { body: { email, role } });
  }

  removeMember(projectId: string, userId: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/projects/${seg(projectId)}/members/${seg(userId)}`);
  }

  /** Withdraws a pending invitation (owners). */
  cancelInvitation(projectId: string, invitationId: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/projects/${seg(projectId)}/invitations/${seg(invitationId)}`);
  }

  documents(projectId: string): Promise<DocumentSummary[]> {
    return this.http.request("GET", `/api/v1/projects/${seg(projectId)}/documents`);
  }

  createDocument(projectId: string, path: string, content = ""): Promise<DocumentCreated> {
    return this.http.request("POST", `/api/v1/projects/${seg(projectId)}/documents`, { body: { path, content } });
  }

  /** Semantic search over the project's documents. */
  search(projectId: string, q: string, limit?: number): Promise<SearchHit[]> {
    return this.http.request("GET", `/api/v1/projects/${seg(projectId)}/search`, { query: { q, limit } });
  }
}

export class InvitationsApi {
  constructor(private readonly http: HttpCore) {}

  list(): Promise<Invitation[]> {
    return this.http.request("GET", "/api/v1/me/invitations");
  }

  accept(invitationId: string): Promise<void> {
    return this.http.request("POST", `/api/v1/invitations/${seg(invitationId)}/accept`);
  }

  decline(invitationId: string): Promise<void> {
    return this.http.request("POST", `/api/v1/invitations/${seg(invitationId)}/decline`);
  }
}
