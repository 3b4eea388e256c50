/** Plain words for each proxy risk (issue #5); shipped in the panel bundle, so kept short. */
import type { ProxyRisk } from './types.js';

export const RISK_TEXTS: Record<ProxyRisk, { title: string; explanation: string; instead: string }> = {
  'third-party-sees-traffic': {
    title: 'A third party sees and can change this traffic',
    explanation: 'The proxy operator reads every request and response and can alter them.',
    instead: 'Send nothing through it that you would not publish.',
  },
  'sends-credentials': {
    title: 'Credentials are sent to the proxy',
    explanation: 'Authorization, cookies, API keys or tokens in this request reach the proxy operator.',
    instead: 'Revoke these credentials and keep secrets on your own server.',
  },
  'sets-cookies': {
    title: 'The proxy sets cookies',
    explanation: 'Every site using this proxy shares one cookie jar, so other sites can read or overwrite these cookies.',
    instead: 'Do not rely on cookies set through a shared proxy.',
  },
  'allows-credentials': {
    title: 'The proxy allows credentialed requests',
    explanation: 'With Access-Control-Allow-Credentials: true, any site can read responses sent with the proxy\'s cookies.',
    instead: 'A proxy should never send Access-Control-Allow-Credentials: true.',
  },
  'executable-content': {
    title: 'Code or HTML is fetched through the proxy',
    explanation: 'Script, HTML or JSONP from the proxy runs in your page, so the proxy can run any code there.',
    instead: 'Host scripts yourself or load them from the real origin with Subresource Integrity.',
  },
  'private-target': {
    title: 'The target is on a private network',
    explanation: 'A proxy that fetches loopback, private or cloud metadata addresses (169.254.169.254) is open to SSRF.',
    instead: 'Block private, loopback and link-local targets in the proxy.',
  },
  'unreliable-service': {
    title: 'This service is known to be unreliable',
    explanation: 'It has shut down, rate-limited, required keys or payment, or changed its terms before.',
    instead: 'Do not depend on it: move the call to a server you control.',
  },
};

export const PROXY_ADVICE: { instead: string[]; lockDown: string[] } = {
  instead: [
    'Call the API from your own backend',
    "During development, use a dev-server proxy such as Vite's server.proxy",
    'Ask the API owner to enable CORS for your origin',
  ],
  lockDown: [
    'Allowlist the target origins it may fetch',
    'Check the Origin header and serve only your own sites',
    'Drop cookies and credentials in both directions',
    'Never send Access-Control-Allow-Credentials: true',
    'Rate-limit by client IP',
    'Block private, loopback and link-local targets',
  ],
};
