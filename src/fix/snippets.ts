import type { CorsPolicy } from '../engine/types.js';
import { apacheSnippet } from './servers/apache.js';
import { aspnetSnippet } from './servers/aspnet.js';
import { caddySnippet } from './servers/caddy.js';
import { cloudflareSnippet } from './servers/cloudflare.js';
import { djangoSnippet } from './servers/django.js';
import { expressSnippet } from './servers/express.js';
import { fastifySnippet } from './servers/fastify.js';
import { flaskSnippet } from './servers/flask.js';
import { koaSnippet } from './servers/koa.js';
import { nginxSnippet } from './servers/nginx.js';
import { s3Snippet } from './servers/s3.js';
import { springSnippet } from './servers/spring.js';

/** Servers a fix can be rendered for, in display order. */
export const SERVERS = [
  { id: 'express', label: 'Express (cors)' },
  { id: 'fastify', label: 'Fastify (@fastify/cors)' },
  { id: 'koa', label: 'Koa (@koa/cors)' },
  { id: 'nginx', label: 'nginx' },
  { id: 'apache', label: 'Apache httpd' },
  { id: 'caddy', label: 'Caddy' },
  { id: 'django', label: 'Django (django-cors-headers)' },
  { id: 'flask', label: 'Flask (flask-cors)' },
  { id: 'spring', label: 'Spring MVC' },
  { id: 'aspnet', label: 'ASP.NET Core' },
  { id: 's3', label: 'Amazon S3 bucket' },
  { id: 'cloudflare', label: 'Cloudflare Worker' },
] as const;

export type ServerId = (typeof SERVERS)[number]['id'];

const RENDERERS: Record<ServerId, (policy: CorsPolicy) => string> = {
  express: expressSnippet,
  fastify: fastifySnippet,
  koa: koaSnippet,
  nginx: nginxSnippet,
  apache: apacheSnippet,
  caddy: caddySnippet,
  django: djangoSnippet,
  flask: flaskSnippet,
  spring: springSnippet,
  aspnet: aspnetSnippet,
  s3: s3Snippet,
  cloudflare: cloudflareSnippet,
};

export function isServerId(value: string): value is ServerId {
  return Object.hasOwn(RENDERERS, value);
}

/** The configuration that lets exactly `policy` through on `server`, ready to paste. */
export function renderSnippet(server: ServerId, policy: CorsPolicy): string {
  // ids can arrive from the CLI or storage: fail clearly rather than call undefined.
  if (!isServerId(server)) throw new Error(`Unknown server: ${String(server)}`);
  return RENDERERS[server](policy);
}

export function renderAllSnippets(policy: CorsPolicy): Record<ServerId, string> {
  const out = {} as Record<ServerId, string>;
  for (const { id } of SERVERS) out[id] = renderSnippet(id, policy);
  return out;
}
