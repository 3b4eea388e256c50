import type { CorsPolicy } from '../../engine/types.js';
import { csString } from './escape.js';
import { decodedPath, lines, noteLines, plan } from './plan.js';

const args = (values: readonly string[]): string => values.map(csString).join(', ');

/** ASP.NET Core: a named CORS policy, applied to the path only; the middleware answers preflights (204). */
export function aspnetSnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  const chain = [
    p.anyOrigin ? '.AllowAnyOrigin()' : `.WithOrigins(${csString(p.origin)})`,
    `.WithMethods(${args(p.methods)})`,
    p.requestHeaders.length > 0 && `.WithHeaders(${args(p.requestHeaders)})`,
    p.exposeHeaders.length > 0 && `.WithExposedHeaders(${args(p.exposeHeaders)})`,
    p.credentials && '.AllowCredentials()',
    p.maxAge !== null && `.SetPreflightMaxAge(TimeSpan.FromSeconds(${p.maxAge}))`,
  ].filter((c): c is string => typeof c === 'string');
  const last = chain.length - 1;
  return lines(
    noteLines('//', p.notes),
    '// Program.cs: register the policy before builder.Build()...',
    'builder.Services.AddCors(options =>',
    '{',
    '    options.AddPolicy("CorsLens", policy => policy',
    chain.map((c, i) => `        ${c}${i === last ? ');' : ''}`),
    '});',
    '',
    '// ...and apply it after builder.Build(), before UseAuthentication/UseAuthorization.',
    // Path.Value is the decoded path; compared as a string so nothing is decoded twice.
    'app.UseWhen(',
    `    context => context.Request.Path.Value == ${csString(decodedPath(p.path))},`,
    '    branch => branch.UseCors("CorsLens"));',
  );
}
