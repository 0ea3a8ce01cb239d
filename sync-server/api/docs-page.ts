// /api/docs: a readable reference rendered on the server from the OpenAPI document itself
// (no CDN, no script: the server has no internet and the page must work offline).
type Json = Record<string, unknown>;

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** `code` spans and nothing else: descriptions come from our own schemas, still escaped first. */
const md = (s: unknown) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>');

function typeOf(schema: Json | undefined, doc: Json): string {
  if (!schema) return '';
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map((s) => typeOf(s, doc)).join(' | ');
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ');
  const t = Array.isArray(schema.type) ? (schema.type as string[]).join(' | ') : String(schema.type ?? 'any');
  if (t.startsWith('array')) return `array of ${typeOf(schema.items as Json, doc) || 'any'}`;
  return esc(schema.format ? `${t} (${schema.format})` : t);
}

function schemaTable(schema: Json, doc: Json): string {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries(props).map(([k, p]) => {
    const limits = [p.minimum !== undefined && `≥ ${p.minimum}`, p.maximum !== undefined && `≤ ${p.maximum}`, p.maxLength !== undefined && `≤ ${p.maxLength} chars`, p.maxItems !== undefined && `≤ ${p.maxItems} items`, p.default !== undefined && `default ${JSON.stringify(p.default)}`].filter(Boolean).join(', ');
    return `<tr><td><code>${esc(k)}</code>${required.has(k) ? ' <b>*</b>' : ''}</td><td>${typeOf(p, doc)}</td><td>${md(p.description)}${limits ? ` <span class="lim">${esc(limits)}</span>` : ''}</td></tr>`;
  });
  return rows.length ? `<table><tr><th>field</th><th>type</th><th></th></tr>${rows.join('')}</table>` : `<p>${typeOf(schema, doc)}</p>`;
}

export function docsPage(doc: Json): string {
  const info = doc.info as Json;
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      const anchor = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
      toc.push(`<li><a href="#${anchor}"><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> ${esc(path)}</a> — ${esc(op.summary)}</li>`);
      const params = ((op.parameters ?? []) as Json[]).map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <b>*</b>' : ''}</td><td>${esc(p.in)}</td><td>${typeOf(p.schema as Json, doc)}</td><td>${md(p.description ?? (p.schema as Json)?.description)}</td></tr>`);
      const body = ((op.requestBody as Json)?.content as Json)?.['application/json'] as Json | undefined;
      const responses = Object.entries((op.responses ?? {}) as Record<string, Json>).map(([code, r]) => {
        const schema = ((r.content as Json)?.['application/json'] as Json)?.schema as Json | undefined;
        return `<tr><td><code>${esc(code)}</code></td><td>${md(r.description)}</td><td>${typeOf(schema, doc)}</td></tr>`;
      });
      ops.push(`<section id="${anchor}"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>/api/v1${esc(path)}</code></h3>
<p><b>${esc(op.summary)}</b></p>${op.description ? `<p>${md(op.description)}</p>` : ''}
${params.length ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th></th></tr>${params.join('')}</table>` : ''}
${body ? `<h4>Body (application/json)</h4>${typeOf(body.schema as Json, doc)}` : ''}
<h4>Responses</h4><table><tr><th>status</th><th></th><th>body</th></tr>${responses.join('')}</table></section>`);
    }
  }
  const schemas = ((doc.components as Json)?.schemas ?? {}) as Record<string, Json>;
  const schemaDocs = Object.entries(schemas).map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${s.description ? `<p>${md(s.description)}</p>` : ''}${schemaTable(s, doc)}</section>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)} — reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
h1{margin-bottom:.2rem}h3{margin:2rem 0 .3rem;border-top:1px solid #dde1e8;padding-top:1rem}h4{margin:.8rem 0 .2rem}
code{background:#f1f3f7;padding:0 .25rem;border-radius:3px}table{border-collapse:collapse;width:100%;margin:.3rem 0}
td,th{border:1px solid #dde1e8;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f7f8fa}
.m{display:inline-block;min-width:4.2rem;font:600 12px monospace;color:#fff;border-radius:3px;padding:1px 4px;text-align:center}
.get{background:#2f7d4f}.put{background:#8a5a00}.post{background:#2456a6}.delete{background:#a62424}.lim{color:#5b6475}
ul{padding-left:1.2rem}a{color:#2456a6}</style></head><body>
<h1>${esc(info.title)}</h1><p>Version ${esc(info.version)} · <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a></p>
<p>${md(info.description)}</p><h2>Endpoints</h2><ul>${toc.join('')}</ul>${ops.join('')}<h2>Schemas</h2>${schemaDocs.join('')}</body></html>`;
}
