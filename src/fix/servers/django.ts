import type { CorsPolicy } from '../../engine/types.js';
import { pyList, pyRegexEscape, pyRegexLiteral, pyString } from './escape.js';
import { decodedPath, lines, noteLines, plan } from './plan.js';

/** Django + django-cors-headers settings; its middleware answers the preflight itself. */
export function djangoSnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  // CORS_URLS_REGEX is re.match()ed against request.path_info, which is decoded.
  const urls = pyRegexLiteral(`^${pyRegexEscape(decodedPath(p.path))}$`);
  return lines(
    noteLines('#', p.notes),
    '# settings.py (pip install django-cors-headers)',
    "# Also add 'corsheaders' to INSTALLED_APPS and put",
    "# 'corsheaders.middleware.CorsMiddleware' in MIDDLEWARE above CommonMiddleware.",
    `CORS_URLS_REGEX = ${urls}`,
    p.anyOrigin ? 'CORS_ALLOW_ALL_ORIGINS = True' : `CORS_ALLOWED_ORIGINS = [${pyString(p.origin)}]`,
    p.credentials && 'CORS_ALLOW_CREDENTIALS = True',
    `CORS_ALLOW_METHODS = ${pyList(p.methods)}`,
    p.requestHeaders.length > 0 && `CORS_ALLOW_HEADERS = ${pyList(p.requestHeaders)}`,
    p.exposeHeaders.length > 0 && `CORS_EXPOSE_HEADERS = ${pyList(p.exposeHeaders)}`,
    p.maxAge !== null && `CORS_PREFLIGHT_MAX_AGE = ${p.maxAge}`,
  );
}
