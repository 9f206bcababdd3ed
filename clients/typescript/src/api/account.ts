import type { HttpCore } from "../http.js";

/** Password reset and e-mail verification by mailed link, and changing the password. */
export class AccountApi {
  constructor(private readonly http: HttpCore) {}

  /** Mails a reset link if the address has an account; answers the same either way. */
  requestPasswordReset(email: string): Promise<void> {
    return this.http.request("POST", "/api/v1/auth/password-reset", { body: { email }, auth: false });
  }

  /** Sets a new password with the token from the mailed link; every session of the account ends. */
  resetPassword(token: string, newPassword: string): Promise<void> {
    return this.http.request("POST", "/api/v1/auth/password-reset/confirm", { body: { token, newPassword }, auth: false });
  }

  /** Confirms the address with the token from the mailed link. */
  verifyEmail(token: string): Promise<void> {
    return this.http.request("POST", "/api/v1/auth/verify-email/confirm", { body: { token }, auth: false });
  }

  /** Mails the signed-in user's verification link again. */
  sendVerificationEmail(): Promise<void> {
    return this.http.request("POST", "/api/v1/me/verify-email");
  }

  /** Changes the signed-in user's password; other sessions end. */
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.http.request("POST", "/api/v1/me/password", { body: { currentPassword, newPassword } });
  }
}
