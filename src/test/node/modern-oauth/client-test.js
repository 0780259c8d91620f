// Drives oauth4webapi (unchanged) against Gatehouse: DPoP-bound tokens (with server nonces), the device
// authorization grant and a pushed authorization request (RFC 9126). Shows the user code when the person should approve
// (writes it to the file DEVICE_SCREEN: the device's screen, not its log); for PAR writes the address the browser is
// sent to into BROWSER_ADDRESS and reads the callback the browser came back with from CALLBACK_FILE (written by the
// test); prints "REPORT <json>" at the end.
const fs = require('fs');
const oauth = require('oauth4webapi');

// Every token, code and secret this client sends or receives, one "kind<TAB>value" line each appended to
// GATEHOUSE_SECRETS_SEEN, for the log scan of the test run (gatehouse.testing.SeenSecrets, README "Logs").
const SECRET_MEMBERS = ['access_token', 'refresh_token', 'id_token', 'device_code', 'user_code', 'client_secret'];
function seen(kind, value) {
  const min = kind.startsWith('user_code') ? 8 : 12;
  if (!process.env.GATEHOUSE_SECRETS_SEEN || typeof value !== 'string' || value.length < min || /[\t\n]/.test(value)) return;
  fs.appendFileSync(process.env.GATEHOUSE_SECRETS_SEEN, kind + '\t' + value + '\n');
}
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const headers = new Headers(init && init.headers);
  if (headers.get('authorization')) seen('Authorization credentials sent by oauth4webapi', headers.get('authorization').replace(/^\S+\s+/, ''));
  if (headers.get('dpop')) seen('DPoP proof sent by oauth4webapi', headers.get('dpop'));
  const body = init && init.body;
  if (body instanceof URLSearchParams || typeof body === 'string') {
    for (const [k, v] of new URLSearchParams(body)) if (SECRET_MEMBERS.includes(k)) seen(k + ' sent by oauth4webapi', v);
  }
  const response = await realFetch(input, init);
  try {
    const json = await response.clone().json();
    for (const k of SECRET_MEMBERS) seen(k + ' received by oauth4webapi', json && json[k]);
  } catch (notJson) {
    // nothing to record
  }
  return response;
};

const issuer = new URL(process.env.GATEHOUSE_ISSUER);
const insecure = { [oauth.allowInsecureRequests]: true };
const report = {};

async function withNonceRetry(call) {
  try {
    return await call();
  } catch (e) {
    if (oauth.isDPoPNonceError(e)) { report.nonce_retries = (report.nonce_retries || 0) + 1; return await call(); }
    throw e;
  }
}

async function dpopClientCredentials(as) {
  const client = { client_id: process.env.CONFIDENTIAL_ID };
  const auth = oauth.ClientSecretBasic(process.env.CONFIDENTIAL_SECRET);
  const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
  const tokens = await withNonceRetry(async () => oauth.processClientCredentialsResponse(as, client,
      await oauth.clientCredentialsGrantRequest(as, client, auth, new URLSearchParams({ scope: 'useraccount' }), { DPoP, ...insecure })));
  report.cc_token_type = tokens.token_type;
  const url = new URL('/api/now/table/sys_user?sysparm_limit=1', issuer);
  const call = async () => {
    const r = await oauth.protectedResourceRequest(tokens.access_token, 'GET', url, new Headers(), null, { DPoP, ...insecure });
    return r;
  };
  const first = await withNonceRetry(call);
  report.api_status = first.status;
  report.api_again_status = (await withNonceRetry(call)).status;
  // the same token without its proof, as a bearer token
  const bearer = await fetch(url, { headers: { authorization: 'Bearer ' + tokens.access_token } });
  report.as_bearer_status = bearer.status;
  report.as_bearer_challenge = bearer.headers.get('www-authenticate');
}

async function device(as) {
  const client = { client_id: process.env.PUBLIC_ID };
  const auth = oauth.None();
  const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
  const started = await oauth.processDeviceAuthorizationResponse(as, client,
      await oauth.deviceAuthorizationRequest(as, client, auth, new URLSearchParams({ scope: 'useraccount' }), insecure));
  report.verification_uri = started.verification_uri;
  report.interval = started.interval;
  fs.writeFileSync(process.env.DEVICE_SCREEN, started.user_code + '\n');
  let interval = started.interval || 5;
  const deadline = Date.now() + 90_000;
  report.pending = 0;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, interval * 1000));
    try {
      const tokens = await withNonceRetry(async () => oauth.processDeviceCodeResponse(as, client,
          await oauth.deviceCodeGrantRequest(as, client, auth, started.device_code, { DPoP, ...insecure })));
      report.device_token_type = tokens.token_type;
      report.device_refresh = typeof tokens.refresh_token === 'string';
      const r = await withNonceRetry(async () => oauth.protectedResourceRequest(tokens.access_token, 'GET',
          new URL('/api/now/table/sys_user?sysparm_limit=1', issuer), new Headers(), null, { DPoP, ...insecure }));
      report.device_api_status = r.status;
      const refreshed = await withNonceRetry(async () => oauth.processRefreshTokenResponse(as, client,
          await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token, { DPoP, ...insecure })));
      report.refreshed_token_type = refreshed.token_type;
      return;
    } catch (e) {
      if (e instanceof oauth.ResponseBodyError && e.error === 'authorization_pending') { report.pending++; continue; }
      if (e instanceof oauth.ResponseBodyError && e.error === 'slow_down') { interval += 5; continue; }
      throw e;
    }
  }
  throw new Error('the device was never approved');
}

async function pushed(as) {
  const client = { client_id: process.env.CONFIDENTIAL_ID };
  const auth = oauth.ClientSecretBasic(process.env.CONFIDENTIAL_SECRET);
  const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
  const redirectUri = process.env.REDIRECT_URI;
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const params = new URLSearchParams({ redirect_uri: redirectUri, response_type: 'code', scope: 'useraccount', state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  // a redirect URI that is not registered is refused at the push
  try {
    await oauth.processPushedAuthorizationResponse(as, client, await oauth.pushedAuthorizationRequest(as, client, auth,
        new URLSearchParams({ ...Object.fromEntries(params), redirect_uri: 'https://attacker.example/cb' }), insecure));
    report.par_bad_redirect = 'accepted';
  } catch (e) {
    report.par_bad_redirect = e instanceof oauth.ResponseBodyError ? e.error : String(e);
  }
  // with a DPoP proof (and the server's nonce): the code is bound to the key
  const par = await withNonceRetry(async () => oauth.processPushedAuthorizationResponse(as, client,
      await oauth.pushedAuthorizationRequest(as, client, auth, params, { DPoP, ...insecure })));
  report.par_request_uri_form = par.request_uri.startsWith('urn:ietf:params:oauth:request_uri:');
  report.par_expires_in = par.expires_in;
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', client.client_id);
  url.searchParams.set('request_uri', par.request_uri);
  fs.writeFileSync(process.env.BROWSER_ADDRESS, url.href + '\n');
  const deadline = Date.now() + 90_000;
  while (!fs.existsSync(process.env.CALLBACK_FILE)) {
    if (Date.now() > deadline) throw new Error('the browser never came back');
    await new Promise((r) => setTimeout(r, 200));
  }
  const callback = oauth.validateAuthResponse(as, client, new URL(fs.readFileSync(process.env.CALLBACK_FILE, 'utf8').trim()), state);
  const tokens = await withNonceRetry(async () => oauth.processAuthorizationCodeResponse(as, client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, callback, redirectUri, verifier, { DPoP, ...insecure })));
  report.par_token_type = tokens.token_type;
  report.par_scope = tokens.scope;
}

(async () => {
  try {
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
    report.dpop_algs = as.dpop_signing_alg_values_supported;
    report.device_endpoint = as.device_authorization_endpoint;
    await dpopClientCredentials(as);
    await device(as);
    report.par_endpoint = as.pushed_authorization_request_endpoint;
    await pushed(as);
    report.ok = true;
  } catch (e) {
    report.ok = false;
    report.error = String(e && e.stack || e);
    if (e && e.cause) report.cause = JSON.stringify(e.cause);
  }
  console.log('REPORT ' + JSON.stringify(report));
})();
