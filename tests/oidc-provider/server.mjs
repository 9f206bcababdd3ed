// A real OpenID Provider for the gateway's tests: the certified oidc-provider package on a loopback port.
//
// Environment: OIDC_CLIENTS, a JSON array of {client_id, client_secret, redirect_uris}; OIDC_PORT (0: any free port).
// Prints "listening <issuer>" once it serves. The sign-in is oidc-provider's own devInteractions login form (any
// password); consent is given by loadExistingGrant, as for a first-party client.
//
// Test routes (loopback only, outside the provider's own paths):
//   POST /__test/accounts {sub, email?, email_verified?, name?, tamper?} registers an account.
//   tamper changes that account's ID tokens as a hostile or broken provider would:
//     "foreign-key": the same claims and kid, signed by a key the JWKS does not hold;
//     "nonce": signed by the real key, with another nonce;
//     "audience": signed by the real key, for another client.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import * as jose from "jose";
import Provider from "oidc-provider";

const accounts = new Map();
const clients = JSON.parse(process.env.OIDC_CLIENTS ?? "[]");
const kid = "test-" + randomUUID();
const signing = await jose.generateKeyPair("RS256", { extractable: true });
const foreign = await jose.generateKeyPair("RS256", { extractable: true });
const privateJwk = { ...(await jose.exportJWK(signing.privateKey)), kid, alg: "RS256", use: "sig" };

const server = createServer();
await new Promise((resolve) => server.listen(Number(process.env.OIDC_PORT ?? 0), "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: clients.map((c) => ({ ...c, grant_types: ["authorization_code"], response_types: ["code"] })),
  jwks: { keys: [privateJwk] },
  cookies: { keys: [randomUUID()] },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  pkce: { required: () => true },
  // Put the scopes' claims (e-mail) in the ID token itself, as Google and most hosted providers do.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        const { tamper: _, ...claims } = account;
        return claims;
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
});

// After the token endpoint answered: rewrite the ID token of an account that asks for it.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== "/token" || ctx.status !== 200 || typeof ctx.body?.id_token !== "string") return;
  const claims = jose.decodeJwt(ctx.body.id_token);
  const tamper = accounts.get(claims.sub)?.tamper;
  if (!tamper) return;
  const key = tamper === "foreign-key" ? foreign.privateKey : signing.privateKey;
  if (tamper === "nonce") claims.nonce = "not-the-nonce-" + randomUUID();
  if (tamper === "audience") claims.aud = "another-client";
  ctx.body = { ...ctx.body, id_token: await new jose.SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).sign(key) };
});

const callback = provider.callback();
server.on("request", async (req, res) => {
  if (req.method === "POST" && req.url === "/__test/accounts") {
    let body = "";
    for await (const chunk of req) body += chunk;
    const account = JSON.parse(body);
    accounts.set(String(account.sub), account);
    res.writeHead(204).end();
    return;
  }
  callback(req, res);
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));
console.log(`listening ${issuer}`);
