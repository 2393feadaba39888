// What nbx adds to the PDF Chrome printed: the title and authors in the
// document information, the outline shown when the file opens, and the source
// notebook as an embedded file (as notebook-as-pdf does), so the .ipynb can be
// recovered from the PDF (`pdfdetach -saveall nb.pdf`).

import type { PDFDict as PdfDict, PDFHexString as PdfHexString, PDFString as PdfString } from 'pdf-lib';

export interface PdfExtras {
  title: string;
  authors: string[];
  /** The notebook file to embed, byte for byte. */
  attachment?: { name: string; bytes: Uint8Array };
}

export const IPYNB_MIME = 'application/x-ipynb+json';

let pdfLib: Promise<typeof import('pdf-lib')> | undefined;

/**
 * Loads pdf-lib, once. Not imported at the top: it takes ~0.3 s to load,
 * which other formats should not pay, and the PDF exporter starts it while
 * Chrome works.
 */
export function loadPdfLib(): Promise<typeof import('pdf-lib')> {
  return (pdfLib ??= import('pdf-lib'));
}

export async function finishPdf(printed: Uint8Array, extras: PdfExtras): Promise<Uint8Array> {
  const lib = await loadPdfLib();
  const { AFRelationship, PDFDict, PDFDocument, PDFName, ParseSpeeds } = lib;
  // updateMetadata: false: pdf-lib would stamp its own producer and dates; the fields nbx knows are set below.
  const doc = await PDFDocument.load(printed, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  doc.setTitle(extras.title, { showInWindowTitleBar: true });
  if (extras.authors.length) doc.setAuthor(extras.authors.join(', '));
  doc.setCreator('nbx');
  // Same input, same bytes: no print time in the file unless SOURCE_DATE_EPOCH asks for one.
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  if (process.env.SOURCE_DATE_EPOCH && Number.isFinite(epoch)) {
    doc.setCreationDate(new Date(epoch * 1000));
    doc.setModificationDate(new Date(epoch * 1000));
  } else {
    const info = doc.context.lookup(doc.context.trailerInfo.Info);
    if (info instanceof PDFDict) for (const key of ['CreationDate', 'ModDate']) info.delete(PDFName.of(key));
  }
  if (extras.attachment) {
    await doc.attach(extras.attachment.bytes, extras.attachment.name, {
      mimeType: IPYNB_MIME,
      description: 'Source notebook',
      afRelationship: AFRelationship.Source,
    });
  }
  renumberStructureIds(doc, lib);
  // Open with the bookmarks shown when there are any.
  if (doc.catalog.has(PDFName.of('Outlines'))) doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}

/**
 * Chrome names tagged-PDF structure elements after DOM node ids (`node00000446`),
 * which vary from run to run; rename them (in the elements, the table header
 * references and the structure tree's ID name tree) so the same notebook gives
 * the same bytes. New names keep the old sort order, as a name tree requires.
 */
function renumberStructureIds(doc: import('pdf-lib').PDFDocument, lib: typeof import('pdf-lib')): void {
  const { PDFArray, PDFDict, PDFHexString, PDFName, PDFString } = lib;
  const isText = (v: unknown): v is PdfString | PdfHexString => v instanceof PDFString || v instanceof PDFHexString;
  const elements = doc.context.enumerateIndirectObjects()
    .map(([, obj]) => obj)
    .filter((obj): obj is PdfDict => obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('StructElem'));
  const old = elements.map((el) => el.get(PDFName.of('ID'))).filter(isText).map((id) => id.decodeText()).sort();
  const ids = new Map(old.map((id, i) => [id, `nbx${String(i + 1).padStart(6, '0')}`]));
  const rename = (v: unknown) => (isText(v) && ids.has(v.decodeText()) ? PDFString.of(ids.get(v.decodeText())!) : undefined);
  const renameAll = (array: unknown) => {
    if (!(array instanceof PDFArray)) return;
    array.asArray().forEach((v, i) => { const n = rename(v); if (n) array.set(i, n); });
  };

  for (const el of elements) {
    const id = rename(el.get(PDFName.of('ID')));
    if (id) el.set(PDFName.of('ID'), id);
    const attrs = el.get(PDFName.of('A'));
    for (const dict of attrs instanceof PDFArray ? attrs.asArray() : [attrs]) {
      if (dict instanceof PDFDict) renameAll(dict.get(PDFName.of('Headers')));
    }
  }
  // The ID tree maps each name to its element: rename its keys and limits too.
  const root = doc.context.lookup(doc.catalog.get(PDFName.of('StructTreeRoot')));
  const visit = (node: unknown) => {
    if (!(node instanceof PDFDict)) return;
    renameAll(node.lookup(PDFName.of('Names')));
    renameAll(node.lookup(PDFName.of('Limits')));
    const kids = node.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) visit(doc.context.lookup(kid));
  };
  if (root instanceof PDFDict) visit(root.lookup(PDFName.of('IDTree')));
}
