import type { HttpCore } from "../http.js";
import type {
  AdminAiUsageFilter, AiUsagePage, AuditEvent, AuditFilter, Activation, AdminLicense, AdminUser, AiProviderStatus, AiWorkerStatus, ActivateBody, ClusterStatus, IssueLicenseBody, License,
  LicenseIssued, Page, QuotaUsage, Validation, ValidateBody,
} from "../types.js";
import { seg } from "./path.js";

export class LicensesApi {
  constructor(private readonly http: HttpCore) {}

  activate(body: ActivateBody): Promise<Activation> {
    return this.http.request("POST", "/api/v1/licenses/activate", { body });
  }

  validate(body: ValidateBody): Promise<Validation> {
    return this.http.request("POST", "/api/v1/licenses/validate", { body });
  }

  get(licenseId: string): Promise<License> {
    return this.http.request("GET", `/api/v1/licenses/${seg(licenseId)}`);
  }

  /** The caller's licences. The route is not in API.md yet: `GET /api/v1/me/licenses` is assumed. */
  mine(): Promise<License[]> {
    return this.http.request("GET", "/api/v1/me/licenses");
  }

  releaseDevice(licenseId: string, deviceId: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/licenses/${seg(licenseId)}/devices/${seg(deviceId)}`);
  }
}

/** Operator calls (the `admin` role). Some of these routes are being added to the gateway concurrently. */
export class AdminApi {
  constructor(private readonly http: HttpCore) {}

  issueLicense(body: IssueLicenseBody): Promise<LicenseIssued> {
    return this.http.request("POST", "/api/v1/admin/licenses", { body });
  }

  revokeLicense(licenseId: string, reason: string): Promise<void> {
    return this.http.request("POST", `/api/v1/admin/licenses/${seg(licenseId)}/revoke`, { body: { reason } });
  }

  licenses(filter: { query?: string; cursor?: string } = {}): Promise<Page<AdminLicense>> {
    return this.http.request("GET", "/api/v1/admin/licenses", { query: filter });
  }

  users(filter: { query?: string; cursor?: string } = {}): Promise<Page<AdminUser>> {
    return this.http.request("GET", "/api/v1/admin/users", { query: filter });
  }

  disableUser(userId: string): Promise<void> {
    return this.http.request("POST", `/api/v1/admin/users/${seg(userId)}/disable`);
  }

  enableUser(userId: string): Promise<void> {
    return this.http.request("POST", `/api/v1/admin/users/${seg(userId)}/enable`);
  }

  /** Makes the user an administrator. */
  grantAdmin(userId: string): Promise<void> {
    return this.http.request("PUT", `/api/v1/admin/users/${seg(userId)}/roles/admin`);
  }

  /** Takes the admin role away (409 last_admin for the last enabled administrator); their sessions end. */
  revokeAdmin(userId: string): Promise<void> {
    return this.http.request("DELETE", `/api/v1/admin/users/${seg(userId)}/roles/admin`);
  }

  /** The audit log, newest first. */
  audit(filter: AuditFilter = {}): Promise<Page<AuditEvent>> {
    return this.http.request("GET", "/api/v1/admin/audit", { query: { ...filter } });
  }

  /** Everyone's AI calls, newest first, filtered by user and model, with daily totals. */
  aiUsage(filter: AdminAiUsageFilter = {}): Promise<AiUsagePage> {
    return this.http.request("GET", "/api/v1/admin/ai/usage", { query: { ...filter } });
  }

  userQuota(userId: string): Promise<QuotaUsage[]> {
    return this.http.request("GET", `/api/v1/admin/users/${seg(userId)}/quota`);
  }

  aiProviders(): Promise<AiProviderStatus[]> {
    return this.http.request("GET", "/api/v1/admin/ai/providers");
  }

  aiWorkers(): Promise<AiWorkerStatus[]> {
    return this.http.request("GET", "/api/v1/admin/ai/workers");
  }

  cluster(): Promise<ClusterStatus> {
    return this.http.request("GET", "/api/v1/admin/cluster");
  }
}
