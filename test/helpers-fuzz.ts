// The seeded generator of hostile notebooks shared by fuzz.test.ts (in memory,
// every text format) and fuzz-files.test.ts (CLI, files, links and Chromium).

export function generator(seed: number) {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return { random, pick };
}

export const FRAGMENTS = [
  '<img src=x onerror="alert(1)">', '<script>alert(1)</script>', '[x](javascript:alert(1))', '<svg onload=alert(1)>',
  '$\\input{/etc/passwd}$', '$$\\makeatletter\\@input{/etc/passwd}$$', '$\\csname input\\endcsname{/etc/passwd}$',
  '$^^5cinput{/etc/passwd}$', '\\begin{input}{/etc/passwd}\\end{input}', '$\\def\\x{\\input}\\x{/etc/passwd}$',
  '`'.repeat(3000), '# same\n\n'.repeat(2000), '**b'.repeat(5000), '$x'.repeat(5000), '~~~\n', '```x\n',
  '\u0000', '\u2028', '\r', '%', '\\', '{', '}', '@@3@@', '<a href="#x">', 'x'.repeat(20000), ' '.repeat(20000),
  '$$\\begin{array}{cc}' + '1&2\\\\'.repeat(6000) + '\\end{array}$$',
];

export function hostileNotebook(seed: number): { json: string; stem: string } {
  const { random, pick } = generator(seed);
  const text = () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(FRAGMENTS)).join(pick([' ', '\n', '\n\n', '']));
  const keys = () => Object.fromEntries([pick(['constructor', 'toString', '__proto__x', 'tags', 'hasOwnProperty'])].map((k) => [k, pick([1, 'x', {}, []])]));
  const cells = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
    const kind = pick(['markdown', 'code', 'raw']);
    if (kind === 'markdown') return { cell_type: 'markdown', metadata: keys(), source: text() };
    if (kind === 'raw') return { cell_type: 'raw', metadata: { raw_mimetype: pick(['text/latex', 'text/html', 'text/restructuredtext', '']) }, source: text() };
    const data: Record<string, string> = { 'text/plain': text() };
    data[pick(['text/latex', 'text/markdown', 'text/html', 'image/svg+xml', 'constructor'])] = text();
    return {
      cell_type: 'code', metadata: keys(), execution_count: 1, source: text(),
      outputs: [{ output_type: 'display_data', metadata: { filename: pick(['../../x.png', '/etc/x', 'a.png', '']) }, data },
        { output_type: 'stream', name: 'stdout', text: text() }],
    };
  });
  let nb: object = { nbformat: 4, nbformat_minor: 4, metadata: { title: text().slice(0, 200), authors: [{ name: pick(FRAGMENTS) }] }, cells };
  if (random() < 0.1) nb = { ...nb, deep: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) };
  const stem = pick(['nb', 'a\nb\\input{x}%', 'x^^5cinput', 'ünï cödé', 'a}b{c', '..']);
  return { json: JSON.stringify(nb), stem };
}
