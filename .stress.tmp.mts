import { writeFileSync } from 'node:fs';
import { code, html, ipynb, md, png, stream } from './test/pdf-helpers.ts';
const longCode = 'result = compute(' + Array.from({ length: 40 }, (_, i) => `argument_${i}=${i}`).join(', ') + ')  # END_OF_LONG_CODE';
const columns = Array.from({ length: 32 }, (_, i) => `column_${i}`);
const table = `<table class="dataframe"><thead><tr>${columns.map((c) => `<th>${c}</th>`).join('')}<th>LASTCOL</th></tr></thead><tbody><tr>${columns.map((_, i) => `<td>${i * 1000}.5</td>`).join('')}<td>LASTCELL</td></tr></tbody></table>`;
writeFileSync('/tmp/pdfproto/stress.ipynb', ipynb([md('# Stress $e^{i\\pi}$'), code(longCode, [stream('x'.repeat(600) + '\n')]), code('df', [html(table)]), code('img', [{ output_type: 'display_data', metadata: {}, data: { 'image/png': png(3000, 40).toString('base64') } }]), md('$$' + Array.from({length: 30}, (_, i) => `x_{${i}}`).join(' + ') + '$$')]));
