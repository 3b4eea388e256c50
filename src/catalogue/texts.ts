/**
 * Human-readable texts for every finding code: a list-row title, a short explanation of what the
 * browser checked and why it failed, general fix advice, and a link for further reading.
 * The engine adds the exact per-exchange header changes separately; these texts are the generic part.
 * Plain text only (no markup): they are rendered as text in the panel and printed by the CLI.
 * Over 300 lines on purpose: one data table, one entry per code, easiest to review whole.
 */
import type { FindingCode } from './codes.js';

export interface CatalogueText {
  /** Short label (60 characters at most). */
  title: string;
  /** What the browser checked and why it failed, in one to three sentences. */
  explanation: string;
  /** Which response (or the page code) must change, and how. */
  fix: string;
  /** Further reading: MDN for Firefox reason ids, otherwise the Fetch Standard or a browser blog. */
  learnMore: string | null;
}

const mdn = (id: string): string => `https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/${id}`;
const fetchSpec = (anchor: string): string => `https://fetch.spec.whatwg.org/#${anchor}`;
const LNA_BLOG = 'https://developer.chrome.com/blog/local-network-access';

const NOT_CORS =
  'This is not a CORS problem, even though the page gets the same "Failed to fetch" error and Firefox labels it "CORS request did not succeed".';

export const TEXTS: Record<FindingCode, CatalogueText> = {
  // --- CORS check on the actual response ---
  'missing-allow-origin': {
    title: 'No Access-Control-Allow-Origin header',
    explanation:
      'The response arrived, but it carried no Access-Control-Allow-Origin header, so the browser kept it away from the page. Without that header the server has not agreed to share the response with other sites; usually CORS is not set up for this route (or for any redirect it answers with) at all.',
    fix: 'Make the server add Access-Control-Allow-Origin to the actual response, and to every redirect response on the way, set to the page\'s origin (or to * when no credentials are involved).',
    learnMore: mdn('CORSMissingAllowOrigin'),
  },
  'error-response-without-cors': {
    title: 'Error response without CORS headers',
    explanation:
      'The server answered with an error status (4xx or 5xx) that had no Access-Control-Allow-Origin header, so the browser reports a CORS failure and hides the error from the page. Typically an error handler, an authentication layer, or a proxy, CDN or WAF produced that response without going through the CORS middleware; the real problem is the error itself.',
    fix: 'Look at the status and body of the failed response to find the underlying error, and make sure error responses carry the CORS headers too (register the CORS middleware before auth and error handlers, or add the headers at the proxy).',
    learnMore: mdn('CORSMissingAllowOrigin'),
  },
  'wildcard-origin-with-credentials': {
    title: 'Wildcard origin on a request with credentials',
    explanation:
      'The request was sent with credentials (cookies, HTTP authentication or client certificates) and the response answered Access-Control-Allow-Origin: *. Browsers never accept the wildcard for such requests, since it would let every site read answers made with the user\'s cookies.',
    fix: 'On the actual response, replace * with the exact requesting origin and add Vary: Origin and Access-Control-Allow-Credentials: true; or change the page so it does not send credentials (credentials: \'same-origin\' or \'omit\', withCredentials = false).',
    learnMore: mdn('CORSNotSupportingCredentials'),
  },
  'multiple-allow-origin': {
    title: 'More than one Access-Control-Allow-Origin value',
    explanation:
      'Access-Control-Allow-Origin may hold exactly one origin, but this response had several, either as repeated header lines or as a list in one line. The usual cause is that both the application and a reverse proxy or CDN in front of it add the header, or that a configured list of allowed origins is sent as it is.',
    fix: 'Send a single Access-Control-Allow-Origin header on the actual response: let only the app or only the proxy set it, and when several origins are allowed, send just the one that matches the request\'s Origin header.',
    learnMore: mdn('CORSMultipleAllowOriginNotAllowed'),
  },
  'invalid-allow-origin': {
    title: 'Access-Control-Allow-Origin is not a valid origin',
    explanation:
      'The Access-Control-Allow-Origin value is not a complete origin, so it can never match the page. Browsers expect a scheme and host (plus the port when it is not the default), such as https://app.example.com; a bare host name like app.example.com or a pattern like *.example.com is not understood.',
    fix: 'Make the actual response send the page\'s full origin exactly as the request\'s Origin header gives it, or * for requests without credentials.',
    learnMore: mdn('CORSAllowOriginNotMatchingOrigin'),
  },
  'allow-origin-mismatch': {
    title: 'Access-Control-Allow-Origin names another origin',
    explanation:
      'The response allows one specific origin, but not the one this page runs on. The browser compares the value character for character with the Origin request header, so another scheme, port or subdomain, a trailing slash or different letter case all fail; after a redirect to a third origin the browser sends Origin: null and then expects null back.',
    fix: 'Make the actual response echo the request\'s Origin header exactly (after checking it against your list of allowed origins) and add Vary: Origin.',
    learnMore: mdn('CORSAllowOriginNotMatchingOrigin'),
  },
  'invalid-allow-credentials': {
    title: 'Access-Control-Allow-Credentials is not true',
    explanation:
      'The request carried credentials and the origin check passed, but the response did not say Access-Control-Allow-Credentials: true. The header must be present with exactly the lower-case value true; a missing header or values such as True, 1 or false mean the server did not agree to share answers to credentialed requests.',
    fix: 'Add Access-Control-Allow-Credentials: true to the actual response, or change the page so it stops sending credentials where it does not need them.',
    learnMore: mdn('CORSMissingAllowCredentials'),
  },

  // --- the same check on the preflight ---
  'preflight-missing-allow-origin': {
    title: 'Preflight response has no Allow-Origin header',
    explanation:
      'Before sending this request the browser asked for permission with an OPTIONS preflight, and the answer had no Access-Control-Allow-Origin header. Often the server has no OPTIONS handling for this route, or CORS is only applied to the regular handlers and not to the preflight.',
    fix: 'Make the server answer OPTIONS for this URL with a 2xx status and the CORS headers: Access-Control-Allow-Origin plus the allowed methods and request headers.',
    learnMore: mdn('CORSMissingAllowOrigin'),
  },
  'preflight-error-response-without-cors': {
    title: 'Preflight got an error status and no CORS headers',
    explanation:
      'The OPTIONS preflight was answered with an error status (4xx or 5xx) and no Access-Control-Allow-Origin header. Chrome names the missing header, but the real cause is usually that the route has no OPTIONS handler (404 or 405), or that authentication or a WAF rejected the preflight, which never carries cookies or tokens.',
    fix: 'Handle OPTIONS for this URL before routing and authentication can reject it, and answer it with 200 or 204 and the CORS headers.',
    learnMore: mdn('CORSMissingAllowOrigin'),
  },
  'preflight-wildcard-origin-with-credentials': {
    title: 'Preflight allows any origin, but credentials are sent',
    explanation:
      'The request will carry credentials, and its OPTIONS preflight answered Access-Control-Allow-Origin: *. The wildcard is refused whenever credentials are involved, and the preflight is judged by the actual request\'s credentials even though the preflight itself is sent without them.',
    fix: 'Make the OPTIONS response echo the request\'s exact origin and send Access-Control-Allow-Credentials: true (and do the same on the actual response), or stop sending credentials from the page.',
    learnMore: mdn('CORSNotSupportingCredentials'),
  },
  'preflight-multiple-allow-origin': {
    title: 'Preflight has more than one Allow-Origin value',
    explanation:
      'The OPTIONS preflight response had several Access-Control-Allow-Origin values where exactly one is allowed. Typically both the application and a proxy in front of it add CORS headers to OPTIONS, or a configured list of origins is sent unchanged.',
    fix: 'Send exactly one Access-Control-Allow-Origin header on the OPTIONS response, holding the origin that made the request.',
    learnMore: mdn('CORSMultipleAllowOriginNotAllowed'),
  },
  'preflight-invalid-allow-origin': {
    title: 'Preflight Allow-Origin is not a valid origin',
    explanation:
      'The Access-Control-Allow-Origin value on the OPTIONS preflight response is not a complete origin, so it cannot match the page. A host name without a scheme, or a pattern such as *.example.com, is not accepted.',
    fix: 'Make the OPTIONS response send the page\'s full origin (scheme, host and any non-default port) exactly as the Origin request header gives it.',
    learnMore: mdn('CORSAllowOriginNotMatchingOrigin'),
  },
  'preflight-allow-origin-mismatch': {
    title: 'Preflight Allow-Origin names another origin',
    explanation:
      'The OPTIONS preflight response allows an origin other than the page\'s. The comparison is exact, so a different scheme, port or letter case, or a trailing slash, fails too; a common cause is a preflight handler that returns a fixed origin while the regular handler echoes the request\'s.',
    fix: 'Make the OPTIONS response echo the request\'s Origin header (after checking it against your allowed origins), just as the actual response should.',
    learnMore: mdn('CORSAllowOriginNotMatchingOrigin'),
  },
  'preflight-invalid-allow-credentials': {
    title: 'Preflight lacks Access-Control-Allow-Credentials',
    explanation:
      'The request will carry credentials, so its preflight must also answer Access-Control-Allow-Credentials: true, and this OPTIONS response did not (the header was missing or had another value). Servers often add the header to the actual response only.',
    fix: 'Add Access-Control-Allow-Credentials: true to the OPTIONS response as well as to the actual response.',
    learnMore: mdn('CORSMissingAllowCredentials'),
  },
  'preflight-invalid-status': {
    title: 'Preflight answered with a non-2xx status',
    explanation:
      'The OPTIONS preflight passed the origin check, but its status was outside 200-299, so the browser gave up before sending the real request. Most often authentication middleware rejects OPTIONS with 401 or 403 (browsers never send cookies or an Authorization header on a preflight), or the framework has no OPTIONS route and answers 404 or 405.',
    fix: 'Make the server answer OPTIONS for this URL with 200 or 204, ahead of any authentication or routing check that could reject it.',
    learnMore: mdn('CORSPreflightDidNotSucceed'),
  },
  'preflight-redirect': {
    title: 'Preflight answered with a redirect',
    explanation:
      'The OPTIONS preflight got a 3xx redirect, and browsers never follow redirects for preflights. Common causes are an http-to-https upgrade, a trailing slash being added or removed, or a redirect to a login page.',
    fix: 'Have the page call the final URL directly (right scheme, host and trailing slash), and make the server answer OPTIONS at that URL without redirecting.',
    learnMore: mdn('CORSExternalRedirectNotAllowed'),
  },
  'invalid-allow-methods': {
    title: 'Access-Control-Allow-Methods cannot be parsed',
    explanation:
      'The preflight\'s Access-Control-Allow-Methods header is not a valid comma-separated list of method names, so the browser rejected the whole preflight. Typical mistakes are spaces instead of commas (GET POST), quotes, or stray characters such as semicolons.',
    fix: 'Send Access-Control-Allow-Methods on the OPTIONS response as method names separated by commas, for example GET, POST, PUT, DELETE.',
    learnMore: mdn('CORSInvalidAllowMethod'),
  },
  'invalid-allow-headers': {
    title: 'Access-Control-Allow-Headers cannot be parsed',
    explanation:
      'The preflight\'s Access-Control-Allow-Headers header is not a valid comma-separated list of header names, so the browser rejected the whole preflight. Spaces inside a name, colons, quotes, or a full header line pasted in (Content-Type: application/json) all break it.',
    fix: 'Send only header names, separated by commas, on the OPTIONS response, for example Content-Type, Authorization, X-Request-Id.',
    learnMore: mdn('CORSInvalidAllowHeader'),
  },
  'method-not-allowed': {
    title: 'Method not allowed by the preflight',
    explanation:
      'The request uses a method other than GET, HEAD or POST, and the preflight\'s Access-Control-Allow-Methods did not list it. The match is case-sensitive and fetch() only upper-cases DELETE, GET, HEAD, OPTIONS, POST and PUT, so method: \'patch\' is sent as patch and does not match PATCH; * counts only for requests without credentials.',
    fix: 'List the method in Access-Control-Allow-Methods on the OPTIONS response exactly as the page sends it (or make the page send PATCH in upper case); with credentials, name every method instead of using *.',
    learnMore: mdn('CORSMethodNotFound'),
  },
  'header-not-allowed': {
    title: 'Request header not allowed by the preflight',
    explanation:
      'The page set a request header that needs the server\'s permission (for example Authorization, a JSON Content-Type or a custom X- header), and the preflight\'s Access-Control-Allow-Headers did not include it. Names are compared without regard to case; * only works for requests without credentials, and per the Fetch standard it never covers Authorization.',
    fix: 'Add the header name to Access-Control-Allow-Headers on the OPTIONS response, naming Authorization explicitly even if you also send *; or stop sending the header from the page.',
    learnMore: mdn('CORSMissingAllowHeaderFromPreflight'),
  },
  'invalid-response': {
    title: 'Preflight failed without a usable response',
    explanation:
      'The OPTIONS preflight did not produce a valid HTTP response: the connection was closed or reset, or nothing came back. Older Chrome versions report this as an invalid response, newer ones show the underlying network error; either way something is dropping the OPTIONS request rather than sending wrong headers.',
    fix: 'Make sure OPTIONS requests reach the server and get a complete 2xx answer with the CORS headers; check proxies, load balancers and firewalls that may drop or reset them.',
    learnMore: mdn('CORSDidNotSucceed'),
  },

  // --- redirects ---
  'redirect-contains-credentials': {
    title: 'Redirect target contains a username or password',
    explanation:
      'A redirect during this cross-origin request pointed to a URL with a user name or password in it (user:password@host). Browsers refuse to follow such redirects for CORS requests so that credentials embedded in URLs do not leak to other origins.',
    fix: 'Change the server\'s redirect so the Location header has no user name or password; pass credentials another way, such as an Authorization header.',
    learnMore: fetchSpec('http-redirect-fetch'),
  },

  // --- decided by the page or browser ---
  'disallowed-by-mode': {
    title: 'Cross-origin URL requested in same-origin mode',
    explanation:
      'The request used mode \'same-origin\', which forbids anything cross-origin, yet the URL (or a redirect it followed) leads to another origin. The browser fails it by itself, often before sending anything, so no server header can change the outcome.',
    fix: 'Change the page: use mode \'cors\' (the fetch default) and have the server send CORS headers, use \'no-cors\' if an unreadable response is enough, or request a same-origin URL and avoid redirects that leave the origin.',
    learnMore: fetchSpec('main-fetch'),
  },
  'cors-disabled-scheme': {
    title: 'URL scheme does not support CORS',
    explanation:
      'Cross-origin requests only work with http and https URLs, and this one used another scheme. The most common case is a page opened straight from disk (file://), whose relative URLs then point at files too, so every fetch fails this way.',
    fix: 'Serve the page from a local web server (for example http://localhost:8080) instead of opening it as a file, and request http or https URLs; the remote server cannot fix this.',
    learnMore: mdn('CORSRequestNotHttp'),
  },
  'no-cors-redirect-mode': {
    title: 'no-cors request must follow redirects',
    explanation:
      'fetch() was called with mode \'no-cors\' together with redirect \'manual\' or \'error\'. Browsers only allow no-cors requests that follow redirects, so this one fails before it reaches the network.',
    fix: 'Change the page code: drop the redirect option (or set it to \'follow\') for no-cors requests, or use mode \'cors\' if the page must handle redirects itself.',
    learnMore: fetchSpec('main-fetch'),
  },
  'insecure-local-network': {
    title: 'Local network request from an insecure page',
    explanation:
      'The page was loaded over plain http (not a secure context) and tried to reach a more private address: a public site calling a device on the local network, or a site calling localhost. Chrome\'s Local Network Access rules only allow this from secure (https) pages. Older Chrome called this InsecurePrivateNetwork.',
    fix: 'Serve the calling page over https; headers on the target server make no difference here.',
    learnMore: LNA_BLOG,
  },
  'invalid-local-network-access': {
    title: 'Target address space did not match',
    explanation:
      'The page declared where the request would go with the fetch option targetAddressSpace (for example \'local\'), but the address the browser actually connected to is in a different space (public, local or loopback). Either the option is wrong or the host name resolved to an unexpected address. Older Chrome called this InvalidPrivateNetworkAccess.',
    fix: 'Change the page to pass the correct targetAddressSpace, or leave it out, and check that the host name resolves to the address you expect.',
    learnMore: LNA_BLOG,
  },
  'local-network-permission-denied': {
    title: 'Local network access permission denied',
    explanation:
      'The request went from a site to a device on the local network or to localhost, which in current Chrome needs the user\'s Local Network Access permission, and that permission was denied, dismissed or could not be asked for (for example from an iframe that was not given it, or from a worker without a window). It is a browser permission, not a CORS header problem.',
    fix: 'Have the user allow local network access for the site in Chrome\'s site settings; for an iframe, delegate the permission with allow="local-network" (or "loopback-network"); and serve the page over https.',
    learnMore: LNA_BLOG,
  },
  'cors-disabled': {
    title: 'CORS turned off in Firefox settings',
    explanation:
      'Firefox\'s content.cors.disable preference is on, so this browser blocks every cross-origin CORS request whatever the server sends. It is a setting of this browser profile, not a server problem.',
    fix: 'Set content.cors.disable back to false in about:config, or remove the policy or tool that changed it.',
    learnMore: mdn('CORSDisabled'),
  },
  'origin-header-not-added': {
    title: 'Firefox could not add an Origin header',
    explanation:
      'Firefox could not decide which origin to put in the Origin header, so it refused to send the CORS request. This happens when the request comes from a context that mixes several origins, such as some extension content scripts.',
    fix: 'Make the request from the web page\'s own context or from the extension\'s background script instead of the content script.',
    learnMore: mdn('CORSOriginHeaderNotAdded'),
  },

  // --- obsolete Chromium values ---
  'preflight-missing-allow-external': {
    title: 'Preflight lacks Allow-External (very old Chrome)',
    explanation:
      'Very old Chrome experiments (the CORS-RFC1918 draft that preceded Private Network Access) asked servers on private networks to opt in with an extra preflight header. No current Chrome produces this; the whole private-network preflight mechanism was removed in 2026, and it only shows up in old reports and saved HAR files.',
    fix: 'Back then the OPTIONS response had to send Access-Control-Allow-External: true. Current Chrome asks the user for Local Network Access permission instead, so serve the calling page over https.',
    learnMore: null,
  },
  'preflight-invalid-allow-external': {
    title: 'Preflight Allow-External is not true (very old Chrome)',
    explanation:
      'Very old Chrome experiments (the CORS-RFC1918 draft that preceded Private Network Access) asked private-network servers to opt in with a preflight header, and here its value was not true. No current Chrome produces this; it only shows up in old reports and saved HAR files.',
    fix: 'Back then the OPTIONS response had to send Access-Control-Allow-External: true exactly. Current Chrome uses a Local Network Access permission instead, so serve the calling page over https.',
    learnMore: null,
  },
  'preflight-missing-allow-private-network': {
    title: 'Preflight lacks Allow-Private-Network (old Chrome)',
    explanation:
      'Older Chrome versions sent a Private Network Access preflight (with Access-Control-Request-Private-Network: true) before letting a site reach a more private network, and this OPTIONS response did not include Access-Control-Allow-Private-Network. Chrome removed these preflights in 2026 in favour of a Local Network Access permission, so current versions never report it.',
    fix: 'For those versions the OPTIONS response had to send Access-Control-Allow-Private-Network: true. Current Chrome asks the user instead; serve the calling page over https.',
    learnMore: LNA_BLOG,
  },
  'preflight-invalid-allow-private-network': {
    title: 'Preflight Allow-Private-Network not true (old Chrome)',
    explanation:
      'Older Chrome versions sent a Private Network Access preflight before letting a site reach a more private network, and the OPTIONS response had Access-Control-Allow-Private-Network with a value other than true. These preflights were removed in 2026 in favour of a Local Network Access permission.',
    fix: 'For those versions the OPTIONS response had to send Access-Control-Allow-Private-Network: true exactly. Current Chrome asks the user instead; serve the calling page over https.',
    learnMore: LNA_BLOG,
  },
  'unexpected-private-network-access': {
    title: 'Unexpected private network access (old Chrome)',
    explanation:
      'Older Chrome versions (Private Network Access, removed in 2026) raised this when a request turned out to reach a more private network than expected; Chrome then retried it with a Private Network Access preflight. Current versions do not report it.',
    fix: 'Nothing needed fixing for this step alone; the retried preflight had to be answered with Access-Control-Allow-Private-Network: true. In current Chrome, serve the page over https and let the user grant local network access.',
    learnMore: LNA_BLOG,
  },
  'preflight-missing-private-network-access-id': {
    title: 'Preflight lacks Private-Network-Access-ID (old Chrome)',
    explanation:
      'For its Private Network Access permission prompt (removed in 2026), older Chrome required a device on a private network to identify itself in the OPTIONS response with a Private-Network-Access-ID and a Private-Network-Access-Name header; the ID was missing. Current versions do not report it.',
    fix: 'For those versions the OPTIONS response had to send both Private-Network-Access-ID and Private-Network-Access-Name. Current Chrome uses a Local Network Access permission instead; serve the page over https.',
    learnMore: LNA_BLOG,
  },
  'preflight-missing-private-network-access-name': {
    title: 'Preflight lacks Private-Network-Access-Name (old Chrome)',
    explanation:
      'For its Private Network Access permission prompt (removed in 2026), older Chrome required a device on a private network to identify itself in the OPTIONS response with a Private-Network-Access-ID and a Private-Network-Access-Name header; the name was missing. Current versions do not report it.',
    fix: 'For those versions the OPTIONS response had to send both Private-Network-Access-ID and Private-Network-Access-Name. Current Chrome uses a Local Network Access permission instead; serve the page over https.',
    learnMore: LNA_BLOG,
  },
  'private-network-permission-unavailable': {
    title: 'Private network permission unavailable (old Chrome)',
    explanation:
      'Older Chrome versions (Private Network Access, removed in 2026) could ask the user before a page reached a device on a private network, and here that prompt could not be shown, for example because the request did not come from a document the user was looking at.',
    fix: 'Back then the request had to come from a secure, visible page that could show the prompt. Current Chrome replaces this with the Local Network Access permission; serve the page over https.',
    learnMore: LNA_BLOG,
  },
  'private-network-permission-denied': {
    title: 'Private network permission denied (old Chrome)',
    explanation:
      'Older Chrome versions (Private Network Access, removed in 2026) asked the user before a page reached a device on a private network, and the user refused. Current versions use the Local Network Access permission instead and report that one.',
    fix: 'Back then the user had to accept the prompt (or change the site setting). In current Chrome the user grants local network access for the site, and the page must be served over https.',
    learnMore: LNA_BLOG,
  },

  // --- not CORS: network failures ---
  'connection-refused': {
    title: 'Connection refused',
    explanation: `Nothing accepted the connection at this host and port: the server is not running, listens on another port or interface, or a firewall rejects the connection. ${NOT_CORS}`,
    fix: 'Start the server or correct the host and port in the URL (check it listens on the address the browser uses, for example localhost versus 127.0.0.1); no CORS header change will help.',
    learnMore: mdn('CORSDidNotSucceed'),
  },
  'name-not-resolved': {
    title: 'Host name could not be resolved',
    explanation: `The DNS lookup for the host failed: a typo in the URL, a domain that does not exist, or a name that only resolves inside a VPN or company network. ${NOT_CORS}`,
    fix: 'Correct the host name in the URL or fix its DNS record, or connect to the network where the name resolves; CORS headers are not involved.',
    learnMore: mdn('CORSDidNotSucceed'),
  },
  'tls-failure': {
    title: 'TLS or certificate error',
    explanation: `The secure connection could not be set up: the certificate is self-signed, expired or issued for another host name, or the server's TLS setup is broken. ${NOT_CORS}`,
    fix: 'Give the server a valid certificate that matches the host name; in local development, use a locally trusted certificate or accept it once by opening the URL in a tab.',
    learnMore: mdn('CORSDidNotSucceed'),
  },
  'connection-reset': {
    title: 'Connection reset',
    explanation: `The connection was cut before a complete response arrived: the server crashed, or a proxy, load balancer or firewall dropped it mid-way. ${NOT_CORS}`,
    fix: 'Check the server and proxy logs for this request and fix the crash or the component that drops it; CORS headers are not involved.',
    learnMore: mdn('CORSDidNotSucceed'),
  },
  'timed-out': {
    title: 'Request timed out',
    explanation: `No response arrived in time: the server is slow or stuck, or a firewall silently drops the traffic. ${NOT_CORS}`,
    fix: 'Find out why the server does not answer (logs, load, firewall rules) and fix that; CORS headers are not involved.',
    learnMore: mdn('CORSDidNotSucceed'),
  },
  'empty-response': {
    title: 'Server closed the connection without a response',
    explanation: `The server accepted the connection but closed it without sending any HTTP response, for example because it crashed while handling the request, or because the port expects another protocol (plain http sent to an https port). ${NOT_CORS}`,
    fix: 'Check the server logs for a crash or aborted handler on this request, and check that the URL uses the scheme and port the server expects.',
    learnMore: mdn('CORSDidNotSucceed'),
  },
  'too-many-redirects': {
    title: 'Too many redirects',
    explanation: `The request was redirected more than 20 times, which browsers treat as a loop and abandon. Usual causes are http/https or www/non-www rules that send requests back and forth, or a login redirect that points back to itself. ${NOT_CORS}`,
    fix: 'Fix the redirect rules on the server or proxy so the URL ends in a real response, and have the page call that final URL directly.',
    learnMore: mdn('CORSDidNotSucceed'),
  },
  'unsafe-redirect': {
    title: 'Redirect to a URL the browser will not follow',
    explanation: `A redirect pointed somewhere a fetch may not go, such as a non-http(s) scheme (file:, data: or an app's custom scheme) or a Location value that is not a valid URL. ${NOT_CORS}`,
    fix: 'Change the server\'s redirect so its Location header is a valid http or https URL.',
    learnMore: mdn('CORSDidNotSucceed'),
  },
  'blocked-by-client': {
    title: 'Blocked by an extension or the browser',
    explanation: `The browser itself cancelled the request before it left the machine, usually because an ad or privacy blocker extension matched the URL. ${NOT_CORS}`,
    fix: 'Turn off blocking extensions for this site to confirm; if real users\' blockers match the URL (paths like /ads or /track), rename the endpoint.',
    learnMore: mdn('CORSDidNotSucceed'),
  },
  'network-error': {
    title: 'Network error',
    explanation: `The request failed at the network level, before any CORS check could happen. ${NOT_CORS}`,
    fix: 'Look at the exact network error (net::ERR_... in Chrome) and at the server and proxy logs for this request; changing CORS headers will not help.',
    learnMore: mdn('CORSDidNotSucceed'),
  },

  // --- warnings on allowed traffic ---
  'not-captured': {
    title: 'Failed before CORS Lens was watching closely',
    explanation:
      'This request failed while the CORS panel was closed for this tab, when CORS Lens only notes failures to stay out of the page\'s way. The browser reported a CORS failure, but its headers were not captured, so the exact reason is unknown.',
    fix: 'Open the CORS panel (or turn on "Record this tab") and reload the page: the same request is then captured in full and explained.',
    learnMore: null,
  },
  'unexplained-block': {
    title: 'Blocked, but the headers seen allow it',
    explanation:
      'The browser failed this request as a CORS error, yet the request and response headers that reached CORS Lens pass every CORS check. Something the headers do not show decided it: another extension or a proxy changing headers after they were seen, a Local Network Access or request-mode rule, or credentials sent in a way the headers do not reveal.',
    fix: 'Look at the Console and the Network panel for the browser\'s own message, and try again with other extensions disabled.',
    learnMore: null,
  },
  'reflected-origin-with-credentials': {
    title: 'Any origin is echoed back with credentials',
    explanation:
      'The server copies whatever Origin it receives into Access-Control-Allow-Origin and also sends Access-Control-Allow-Credentials: true. Any website the user visits can then send requests with the user\'s cookies and read the answers, such as personal data or anti-CSRF tokens.',
    fix: 'On the actual response, echo the Origin only when it is on a fixed list of trusted origins, and send no CORS headers for anything else.',
    learnMore: fetchSpec('cors-protocol-and-credentials'),
  },
  'null-origin-allowed': {
    title: 'The null origin is allowed',
    explanation:
      'The response sends Access-Control-Allow-Origin: null. Sandboxed iframes, data: documents, local files and some redirected requests all send the origin null, and any website can create such a context, so allowing null effectively allows everyone.',
    fix: 'Stop answering null on the actual response; allow the real origins by name, and if a sandboxed or file-based page truly needs access, serve it something without credentials.',
    learnMore: fetchSpec('http-access-control-allow-origin'),
  },
  'missing-vary-origin': {
    title: 'Origin-specific CORS answer without Vary: Origin',
    explanation:
      'The response\'s Access-Control-Allow-Origin depends on the requesting origin, but the response does not say Vary: Origin. The browser cache, a CDN or a proxy can then store the answer made for one origin and serve it to another, which then fails with a wrong or missing header.',
    fix: 'Add Vary: Origin to every response whose CORS headers depend on the Origin header, including the ones sent when the origin is not allowed.',
    learnMore: fetchSpec('cors-protocol-and-http-caches'),
  },
  'duplicate-cors-header': {
    title: 'CORS header sent more than once',
    explanation:
      'A CORS header appears on more than one line of the response. Browsers merge repeated lines into one comma-separated value, which is harmless for list headers but breaks single-value ones such as Allow-Origin, Allow-Credentials and Max-Age; it usually means the app and a proxy both add CORS headers, and the two copies can drift apart.',
    fix: 'Let a single layer, either the application or the proxy, add the CORS headers, and remove them from the other.',
    learnMore: fetchSpec('http-new-header-syntax'),
  },
  'long-max-age': {
    title: 'Preflight cache time exceeds browser limits',
    explanation:
      'Access-Control-Max-Age asks browsers to keep the preflight result longer than they will: Chromium caps it at 2 hours and Firefox at 24 hours, so the extra time is ignored. Meanwhile any change to your CORS policy can take up to that long to reach users who already have a cached preflight.',
    fix: 'Set Access-Control-Max-Age on the OPTIONS response to 7200 seconds or less, and keep it short while the policy is still changing.',
    learnMore: fetchSpec('cors-preflight-cache'),
  },
  'invalid-max-age': {
    title: 'Access-Control-Max-Age is not a valid number',
    explanation:
      'The preflight\'s Access-Control-Max-Age is not a plain whole number of seconds (it has units, a decimal point, a sign or several values). Browsers then fall back to little or no caching (Chromium keeps the result 5 seconds, Firefox not at all), so a preflight goes out before almost every request.',
    fix: 'Send a whole number of seconds on the OPTIONS response, for example Access-Control-Max-Age: 600.',
    learnMore: fetchSpec('http-access-control-max-age'),
  },
  'wildcard-with-credentials-header': {
    title: 'Wildcard combined with Allow-Credentials: true',
    explanation:
      'The response uses * (in Access-Control-Allow-Origin, -Methods, -Headers or -Expose-Headers) together with Access-Control-Allow-Credentials: true. That only works while the page sends no credentials: once it does, a * origin is refused and a * in the other headers is read as a literal name, so the setup breaks.',
    fix: 'Decide whether this endpoint needs credentials: if not, drop Access-Control-Allow-Credentials; if it does, replace each * with the exact origin, methods and header names.',
    learnMore: fetchSpec('cors-protocol-and-credentials'),
  },
  'authorization-covered-by-wildcard': {
    title: 'Authorization only allowed through Allow-Headers: *',
    explanation:
      'The request sends an Authorization header and the preflight allowed it only through * in Access-Control-Allow-Headers. Per the Fetch standard * never covers Authorization; Chrome still lets it pass for now and Firefox allows it with a deprecation warning, so the request will fail once browsers enforce the rule.',
    fix: 'Name Authorization explicitly in Access-Control-Allow-Headers on the OPTIONS response, for example Access-Control-Allow-Headers: Authorization, *.',
    learnMore: fetchSpec('cors-non-wildcard-request-header-name'),
  },
  'invalid-expose-headers': {
    title: 'Access-Control-Expose-Headers cannot be parsed',
    explanation:
      'The response\'s Access-Control-Expose-Headers is not a valid comma-separated list of header names, so the browser may expose none of them and page code reading those headers gets null. The request itself is not blocked.',
    fix: 'Send only header names, separated by commas, on the actual response, for example Access-Control-Expose-Headers: ETag, X-Total-Count.',
    learnMore: fetchSpec('http-access-control-expose-headers'),
  },
  'forbidden-request-header': {
    title: 'Page sets a header the browser drops',
    explanation:
      'The page tries to set a header that scripts may not control, such as Cookie, Host, Origin, Referer or any name starting with Sec- or Proxy-. The browser silently drops it, so the server never sees that value and it does not trigger a preflight either.',
    fix: 'Remove the header from the page code; send cookies with credentials: \'include\' instead, and use your own header name for custom data.',
    learnMore: fetchSpec('forbidden-request-header'),
  },
};
