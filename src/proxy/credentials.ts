/**
 * What counts as a credential sent to a proxy (issue #5, `sends-credentials`): the headers Fetch
 * treats as credentials (Authorization, Cookie; Proxy-Authorization), header names that carry API
 * keys or tokens by convention (x-api-key, x-auth-token, cors.sh's x-cors-api-key …), and query
 * parameters that do (api_key, key, token, access_token, client_secret, password …).
 */

const CREDENTIAL_HEADERS = new Set<string>([
  'authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key', 'apikey', 'x-apikey',
  'x-auth-token', 'x-access-token', 'x-cors-api-key', 'x-cors-grida-api-key', 'cors-api-key', 'x-goog-api-key',
]);

/** A request header name (any case) that carries a credential by name or by convention. */
export function isCredentialHeader(name: string): boolean {
  const n = name.toLowerCase();
  if (CREDENTIAL_HEADERS.has(n)) return true;
  return n.includes('token') || n.includes('secret') || n.includes('api-key') || n.includes('apikey') || n.includes('api_key') || n.includes('password');
}

const CREDENTIAL_PARAMS = new Set<string>([
  'key', 'api_key', 'apikey', 'api-key', 'token', 'access_token', 'accesstoken', 'auth', 'auth_token', 'id_token',
  'refresh_token', 'client_secret', 'secret', 'password', 'passwd', 'pwd', 'pass', 'session', 'sessionid', 'sid',
  'jwt', 'bearer', 'signature', 'sig', 'private_token', 'cors_api_key',
]);

/** A query parameter name (any case) that carries a credential by convention. */
export function isCredentialParam(name: string): boolean {
  const n = name.toLowerCase();
  if (CREDENTIAL_PARAMS.has(n)) return true;
  return n.endsWith('_key') || n.endsWith('-key') || n.endsWith('apikey') || n.endsWith('token') || n.endsWith('secret') || n.endsWith('password');
}
