import { readFileSync } from 'node:fs';
const { convert } = await import('/work/main/dist/convert.js');
const { launchChrome, blockNetwork } = await import('/work/main/dist/browser/chrome.js');
const { withPrintCss } = await import('/work/main/dist/exporters/pdf-print.js');
const { finishPdf } = await import('/work/main/dist/exporters/pdf-document.js');
const files = readFileSync('/tmp/pdfproto/batch.txt', 'utf8').trim().split(' ');
const browser = await launchChrome();
const reuse = process.argv[2] === 'reuse';
const tot = {};
let shared;
const T0 = performance.now();
for (const file of files) {
  const t = [performance.now()]; const lap = (n) => { const x = performance.now(); tot[n] = (tot[n] || 0) + x - t[t.length - 1]; t.push(x); };
  const { content } = await convert(readFileSync(file), { to: 'html', file }); lap('html');
  let page, ctx;
  if (reuse && shared) { page = shared; await page.goto('about:blank'); lap('blank'); }
  else { ctx = await browser.createBrowserContext(); page = await ctx.newPage(); page.on('dialog', (d) => d.dismiss().catch(() => {})); lap('newpage'); await blockNetwork(page); await page.setViewport({ width: 720, height: 950 }); await page.emulateMediaType('print'); lap('setup'); shared = page; }
  await page.setContent(withPrintCss(content), { waitUntil: 'load' }); lap('setContent');
  await page.evaluate('document.fonts.ready'); lap('fonts');
  const pdf = await page.pdf({ format: 'letter', printBackground: true, margin: {top:'0.5in',bottom:'0.6in',left:'0.5in',right:'0.5in'},
    displayHeaderFooter: true, footerTemplate: '<span class="pageNumber"></span>', headerTemplate: '<span></span>', tagged: true, outline: true }); lap('pdf');
  await finishPdf(pdf, { title: 'x', authors: [], attachment: { name: 'a.ipynb', bytes: readFileSync(file) } }); lap('finish');
  if (!reuse) { await ctx.close(); lap('close'); }
}
console.log(Object.fromEntries(Object.entries(tot).map(([k, v]) => [k, Math.round(v)])), 'total', Math.round(performance.now() - T0));
await browser.close();
