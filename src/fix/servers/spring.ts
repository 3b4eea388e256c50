import type { CorsPolicy } from '../../engine/types.js';
import { javaString } from './escape.js';
import { decodedPath, lines, noteLines, plan } from './plan.js';

/** Methods Spring Framework 5 knows (its HttpMethod is an enum); others need Spring 6. */
const SPRING5_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];

/**
 * addMapping() takes a path pattern matched against the decoded path: { } * ? are pattern syntax
 * with no escape, so a `?` (any one character) stands in for them.
 */
const mappingPath = (path: string): string => javaString(decodedPath(path).replace(/[{}*?]/g, '?'));

const args = (values: readonly string[]): string => values.map(javaString).join(', ');

/** Spring MVC: a WebMvcConfigurer bean; Spring answers the preflight for mapped paths itself. */
export function springSnippet(policy: CorsPolicy): string {
  const p = plan(policy);
  const notes = [...p.notes];
  if (p.methods.some((m) => !SPRING5_METHODS.includes(m))) {
    notes.push('A method outside the standard set (or not upper-case) needs Spring Framework 6 or later.');
  }
  const chain = [
    `.allowedOrigins(${javaString(p.origin)})`,
    `.allowedMethods(${args(p.methods)})`,
    p.requestHeaders.length > 0 && `.allowedHeaders(${args(p.requestHeaders)})`,
    p.exposeHeaders.length > 0 && `.exposedHeaders(${args(p.exposeHeaders)})`,
    p.credentials && '.allowCredentials(true)',
    p.maxAge !== null && `.maxAge(${p.maxAge})`,
  ].filter((c): c is string => typeof c === 'string');
  const last = chain.length - 1;
  return lines(
    noteLines('//', notes),
    'import org.springframework.context.annotation.Bean;',
    'import org.springframework.context.annotation.Configuration;',
    'import org.springframework.web.servlet.config.annotation.CorsRegistry;',
    'import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;',
    '',
    '// With Spring Security, also call http.cors(Customizer.withDefaults()) so preflights skip authentication.',
    '@Configuration',
    'public class CorsConfig {',
    '',
    '    @Bean',
    '    public WebMvcConfigurer corsConfigurer() {',
    '        return new WebMvcConfigurer() {',
    '            @Override',
    '            public void addCorsMappings(CorsRegistry registry) {',
    `                registry.addMapping(${mappingPath(p.path)})`,
    chain.map((c, i) => `                    ${c}${i === last ? ';' : ''}`),
    '            }',
    '        };',
    '    }',
    '}',
  );
}
