// The site's sidebar order: `nav` config first (with labels), the rest by path, index first.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { navHtml, orderPages } from '../src/site/nav.js';

const pages = () => [
  { source: 'b/z.ipynb', url: 'b/z.html', title: 'Z' },
  { source: 'a.ipynb', url: 'a.html', title: 'A' },
  { source: 'README.md', url: 'index.html', title: 'Home' },
  { source: 'b/y.ipynb', url: 'b/y.html', title: 'Y' },
];

it('sorts by path with the index first when nav is not set', () => {
  assert.deepEqual(orderPages(pages()).map((p) => p.url), ['index.html', 'a.html', 'b/y.html', 'b/z.html']);
});

it('puts nav entries first, in nav order, with their labels', () => {
  const ordered = orderPages(pages(), ['b/z.ipynb', { path: 'a.ipynb', label: 'Start here' }]);
  assert.deepEqual(ordered.map((p) => [p.url, p.title]), [['b/z.html', 'Z'], ['a.html', 'Start here'], ['index.html', 'Home'], ['b/y.html', 'Y']]);
});

it('nests the sidebar by folder, with links relative to the current page', () => {
  const html = navHtml(orderPages(pages()), 'b/y.html', '../');
  assert.equal(html, '<ul><li><a href="../index.html">Home</a></li><li><a href="../a.html">A</a></li>' +
    '<li class="nbx-nav-dir"><span>b</span><ul><li><a href="../b/y.html" aria-current="page">Y</a></li><li><a href="../b/z.html">Z</a></li></ul></li></ul>');
});
