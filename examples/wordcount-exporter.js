// An nbx exporter plugin: `nbx convert nb.ipynb --to ./wordcount-exporter.js`
// writes nb.wordcount.md, a summary of the notebook. Plain ESM, no build step.
const words = (text) => text.split(/\s+/).filter(Boolean).length;
const codeLines = (text) => text.split('\n').filter((line) => line.trim()).length;

/** @type {import('nbx-cli').Exporter} */
export default {
  name: 'wordcount',
  extension: '.wordcount.md',
  description: 'a summary: cells by type, words of markdown, lines of code',
  mimePriority: [],
  async export(nb, ctx) {
    const cells = (type) => nb.cells.filter((cell) => cell.type === type);
    const sum = (type, count) => cells(type).reduce((n, cell) => n + count(cell.source), 0);
    const content = [
      `# ${nb.info.title ?? ctx.stem}`,
      '',
      `- cells: ${nb.cells.length} (${cells('markdown').length} markdown, ${cells('code').length} code, ${cells('raw').length} raw)`,
      `- words of markdown: ${sum('markdown', words)}`,
      `- lines of code: ${sum('code', codeLines)}`,
      '',
    ].join('\n');
    return { content, files: [] };
  },
};
