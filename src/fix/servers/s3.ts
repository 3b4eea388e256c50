import type { CorsPolicy } from '../../engine/types.js';
import { noteLines, plan } from './plan.js';

/** The only methods an S3 CORS rule accepts. */
const S3_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * S3 bucket CORS configuration (`aws s3api put-bucket-cors --cors-configuration file://cors.json`).
 * It covers the whole bucket, answers OPTIONS itself and sends Allow-Credentials for a named origin,
 * so path, preflight and credentials need nothing here. The output is JSON, preceded by `//` note
 * lines only when the policy needs something S3 cannot do.
 */
export function s3Snippet(policy: CorsPolicy): string {
  const p = plan(policy);
  const methods = p.methods.filter((m) => S3_METHODS.includes(m));
  const unsupported = p.methods.filter((m) => !S3_METHODS.includes(m));
  const notes = [...p.notes];
  if (unsupported.length > 0) {
    // Only names that are plain tokens go into a comment: anything else could break the line.
    const named = unsupported.every((m) => TOKEN.test(m)) ? ` (${unsupported.join(', ')})` : '';
    notes.push(
      `S3 only allows GET, PUT, POST, DELETE and HEAD, so this request's method${named} cannot pass;` +
        ' put a proxy (for example a CloudFront function or a Worker) in front of the bucket.',
    );
  }
  const rule: Record<string, unknown> = { AllowedOrigins: [p.origin], AllowedMethods: methods };
  if (p.requestHeaders.length > 0) rule['AllowedHeaders'] = p.requestHeaders;
  if (p.exposeHeaders.length > 0) rule['ExposeHeaders'] = p.exposeHeaders;
  if (p.maxAge !== null) rule['MaxAgeSeconds'] = p.maxAge;
  return [...noteLines('//', notes), JSON.stringify({ CORSRules: [rule] }, null, 2)].join('\n');
}
