// The test SPA of gatehouse.cors.SpaBrowserIT: everything an OAuth library does for a browser app, done by
// oauth4webapi (panva), against Gatehouse on another origin. The test reads #result (JSON) when #status says done.
import * as oauth from '/oauth4webapi.js';

const status = (s) => { document.getElementById('status').textContent = s; };
const insecure = { [oauth.allowInsecureRequests]: true };   // the test's Gatehouse is http on loopback

async function main() {
  const config = await (await fetch('/config.json')).json();
  const issuer = new URL(config.issuer);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...insecure, algorithm: 'oauth2' }));
  const client = { client_id: config.client_id };
  const redirectUri = location.origin + '/callback';
  const here = new URL(location.href);

  if (here.pathname !== '/callback') {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    sessionStorage.setItem('pkce', JSON.stringify({ verifier, state }));
    const authorize = new URL(as.authorization_endpoint);
    authorize.searchParams.set('client_id', client.client_id);
    authorize.searchParams.set('redirect_uri', redirectUri);
    authorize.searchParams.set('response_type', 'code');
    authorize.searchParams.set('scope', config.scope);
    authorize.searchParams.set('state', state);
    authorize.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    authorize.searchParams.set('code_challenge_method', 'S256');
    status('redirecting');
    location.assign(authorize.href);
    return;
  }

  const { verifier, state } = JSON.parse(sessionStorage.getItem('pkce'));
  const result = {};
  const params = oauth.validateAuthResponse(as, client, here, state);   // checks state and RFC 9207 iss
  const tokens = await oauth.processAuthorizationCodeResponse(as, client,
      await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, insecure));
  result.code_exchange = { token_type: tokens.token_type, scope: tokens.scope, has_refresh_token: !!tokens.refresh_token };

  const refreshed = await oauth.processRefreshTokenResponse(as, client,
      await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token, insecure));
  result.refresh = { rotated: refreshed.refresh_token !== tokens.refresh_token, new_access_token: refreshed.access_token !== tokens.access_token };

  const api = new URL('/api/now/table/incident?sysparm_limit=2&sysparm_fields=number,short_description', issuer);
  const incidents = await oauth.protectedResourceRequest(refreshed.access_token, 'GET', api, new Headers({ accept: 'application/json' }), null, insecure);
  const body = await incidents.json();
  result.table_api = { status: incidents.status, count: body.result.length, first: body.result[0]?.number ?? null,
    total: incidents.headers.get('X-Total-Count') };

  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, oauth.None(), refreshed.access_token, insecure));
  const after = await fetch(api, { headers: { authorization: 'Bearer ' + refreshed.access_token } });
  result.after_revocation = { status: after.status };

  // the session cookie Gatehouse set on its own origin is never sent along, nor readable, cross-origin
  try {
    const withCookies = await fetch(api, { credentials: 'include' });
    result.with_credentials = { readable: true, status: withCookies.status };
  } catch (e) {
    result.with_credentials = { readable: false };
  }

  // what this page held, for the test run's log scan (SpaBrowserIT records it; gatehouse.testing.SeenSecrets)
  window.seenSecrets = [['authorization code', params.get('code')], ['PKCE code_verifier', verifier],
    ['access_token', tokens.access_token], ['refresh_token', tokens.refresh_token],
    ['refreshed access_token', refreshed.access_token], ['refreshed refresh_token', refreshed.refresh_token]];
  document.getElementById('result').textContent = JSON.stringify(result);
  status('done');
}

main().catch((e) => {
  document.getElementById('result').textContent = JSON.stringify({ error: String(e && (e.stack || e.message) || e), cause: String(e?.cause?.error_description || e?.cause || '') });
  status('failed');
});
