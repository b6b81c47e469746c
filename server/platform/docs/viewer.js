// The API docs viewer at /api/docs: reads /api/docs/openapi.json and lists every endpoint by tag
// with its parameters, request body and response schema. Plain script, same origin only (the CSP
// allows nothing else), and every text from the document goes in through textContent.
(() => {
  const root = document.getElementById('ops');
  if (!root) return;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  let spec = null;

  function deref(s) {
    let cur = s;
    for (let i = 0; cur?.$ref && i < 20; i++) {
      const parts = cur.$ref.replace(/^#\//, '').split('/');
      cur = parts.reduce((o, p) => (o ? o[p] : undefined), spec);
    }
    return cur || {};
  }

  function typeLabel(s) {
    const x = deref(s);
    if (x.enum) return x.enum.map((v) => JSON.stringify(v)).join(' | ');
    if (x.const !== undefined) return JSON.stringify(x.const);
    if (x.anyOf || x.oneOf) return (x.anyOf || x.oneOf).map(typeLabel).join(' | ');
    if (x.type === 'array') return `${typeLabel(x.items || {})}[]`;
    if (Array.isArray(x.type)) return x.type.join(' | ');
    return x.type || (x.properties ? 'object' : 'any');
  }

  function constraints(s) {
    const x = deref(s);
    const out = [];
    if (x.format) out.push(x.format);
    if (x.pattern) out.push(`/${x.pattern}/`);
    if (x.minLength !== undefined) out.push(`≥${x.minLength} chars`);
    if (x.maxLength !== undefined) out.push(`≤${x.maxLength} chars`);
    // zod's int() bounds are the safe-integer range: noise, not a rule
    const safe = (n) => Math.abs(n) >= Number.MAX_SAFE_INTEGER;
    if (x.minimum !== undefined && !safe(x.minimum)) out.push(`≥${x.minimum}`);
    if (x.exclusiveMinimum !== undefined) out.push(`>${x.exclusiveMinimum}`);
    if (x.maximum !== undefined && !safe(x.maximum)) out.push(`≤${x.maximum}`);
    if (x.exclusiveMaximum !== undefined) out.push(`<${x.exclusiveMaximum}`);
    if (x.minItems !== undefined) out.push(`≥${x.minItems} items`);
    if (x.maxItems !== undefined) out.push(`≤${x.maxItems} items`);
    if (x.default !== undefined) out.push(`default ${JSON.stringify(x.default)}`);
    return out.join(', ');
  }

  /** An object's properties as nested rows; arrays and unions show what they hold. */
  function schemaTree(s, depth) {
    const x = deref(s);
    if (depth > 8) return el('span', { class: 'muted' }, '…');
    if (x.type === 'array' && x.items) {
      const inner = deref(x.items);
      if (inner.properties) return el('div', {}, el('span', { class: 'type' }, 'array of'), schemaTree(inner, depth + 1));
    }
    const alts = x.anyOf || x.oneOf;
    if (alts?.some((a) => deref(a).properties)) {
      return el(
        'div',
        {},
        alts.map((a, i) => el('div', { class: 'alt' }, el('span', { class: 'muted' }, `${i === 0 ? 'one of' : 'or'}:`), schemaTree(a, depth + 1))),
      );
    }
    if (!x.properties) return el('span', {}, el('code', { class: 'type' }, typeLabel(x)), ' ', el('span', { class: 'muted' }, constraints(x)));
    const required = new Set(x.required || []);
    const rows = Object.entries(x.properties).map(([name, p]) => {
      const pd = deref(p);
      const nested = pd.properties || (pd.type === 'array' && pd.items && deref(pd.items).properties) || (pd.anyOf || pd.oneOf || []).some((a) => deref(a).properties);
      return el(
        'li',
        {},
        el('code', { class: 'name' }, name),
        required.has(name) ? el('span', { class: 'req', title: 'required 必填' }, '*') : null,
        ' ',
        el('code', { class: 'type' }, typeLabel(pd)),
        pd.description ? el('span', { class: 'desc' }, ` — ${pd.description}`) : null,
        constraints(pd) ? el('span', { class: 'muted' }, ` (${constraints(pd)})`) : null,
        nested ? schemaTree(pd, depth + 1) : null,
      );
    });
    return el('ul', { class: 'schema' }, rows);
  }

  function operation(method, path, op) {
    const parts = [];
    if (op.parameters?.length) {
      parts.push(
        el('h4', {}, '参数 Parameters'),
        el(
          'table',
          { class: 'params' },
          el('thead', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'in'), el('th', {}, 'type'), el('th', {}, ''))),
          el(
            'tbody',
            {},
            op.parameters.map((p) =>
              el(
                'tr',
                {},
                el('td', {}, el('code', {}, p.name), p.required ? el('span', { class: 'req' }, '*') : null),
                el('td', {}, p.in),
                el('td', {}, el('code', { class: 'type' }, typeLabel(p.schema || {}))),
                el('td', { class: 'muted' }, [deref(p.schema || {}).description, constraints(p.schema || {})].filter(Boolean).join(' · ')),
              ),
            ),
          ),
        ),
      );
    }
    const body = op.requestBody?.content;
    if (body) {
      for (const [type, media] of Object.entries(body)) parts.push(el('h4', {}, `请求体 Request body `, el('code', {}, type)), schemaTree(media.schema || {}, 0));
    }
    for (const [status, r] of Object.entries(op.responses || {})) {
      const content = r.content || {};
      const types = Object.entries(content);
      parts.push(el('h4', {}, `响应 Response ${status} `, el('span', { class: 'muted' }, r.description || '')));
      for (const [type, media] of types) parts.push(el('div', {}, el('code', {}, type)), schemaTree(media.schema || {}, 0));
    }
    const secured = Array.isArray(op.security) && op.security.length > 0;
    return el(
      'details',
      { class: 'op', 'data-search': `${method} ${path} ${op.summary || ''}`.toLowerCase() },
      el(
        'summary',
        {},
        el('span', { class: `method m-${method}` }, method.toUpperCase()),
        el('code', { class: 'path' }, path),
        el('span', { class: 'summary' }, op.summary || ''),
        secured ? el('span', { class: 'lock', title: '需登录 login required' }, '需登录 login') : el('span', { class: 'public' }, '公开 public'),
      ),
      el('div', { class: 'body' }, parts),
    );
  }

  function render() {
    const groups = new Map();
    for (const [path, methods] of Object.entries(spec.paths || {})) {
      for (const [method, op] of Object.entries(methods)) {
        const tag = (op.tags?.[0]) || 'other';
        if (!groups.has(tag)) groups.set(tag, []);
        groups.get(tag).push([method, path, op]);
      }
    }
    const filter = el('input', { type: 'search', class: 'filter', placeholder: '筛选接口 filter (path, method, summary)…', 'aria-label': 'filter' });
    const count = [...groups.values()].reduce((n, g) => n + g.length, 0);
    const sections = [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([tag, ops]) =>
        el(
          'section',
          { class: 'tag' },
          el('h2', {}, tag, ' ', el('span', { class: 'muted' }, `(${ops.length})`)),
          ops.sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0])).map(([m, p, op]) => operation(m, p, op)),
        ),
      );
    filter.addEventListener('input', () => {
      const q = filter.value.trim().toLowerCase();
      for (const d of root.querySelectorAll('details.op')) d.hidden = q !== '' && !d.dataset.search.includes(q);
      for (const s of root.querySelectorAll('section.tag')) s.hidden = s.querySelectorAll('details.op:not([hidden])').length === 0;
    });
    const info = spec.info || {};
    root.replaceChildren(
      el('p', { class: 'muted' }, `${info.title || ''} ${info.version || ''} · ${count} endpoints · ${info.description || ''}`),
      filter,
      ...sections,
    );
  }

  fetch('/api/docs/openapi.json', { credentials: 'same-origin' })
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json();
    })
    .then((json) => {
      spec = json;
      render();
    })
    .catch((err) => {
      root.replaceChildren(el('p', { class: 'error' }, `无法加载接口文档 / cannot load the API document: ${err.message}`));
    });
})();
