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
 * which vary from run to run; renumber them in object order (and the table
 * header references that use them) so the same notebook gives the same bytes.
 */
function renumberStructureIds(doc: import('pdf-lib').PDFDocument, lib: typeof import('pdf-lib')): void {
  const { PDFArray, PDFDict, PDFHexString, PDFName, PDFString } = lib;
  const ids = new Map<string, string>();
  const renamed = (old: string) => {
    if (!ids.has(old)) ids.set(old, `nbx${ids.size + 1}`);
    return PDFString.of(ids.get(old)!);
  };
  const isText = (v: unknown): v is PdfString | PdfHexString =>
    v instanceof PDFString || v instanceof PDFHexString;
  const elements = doc.context.enumerateIndirectObjects()
    .map(([, obj]) => obj)
    .filter((obj): obj is PdfDict => obj instanceof PDFDict && obj.get(PDFName.of('Type')) === PDFName.of('StructElem'));
  for (const el of elements) {
    const id = el.get(PDFName.of('ID'));
    if (isText(id)) el.set(PDFName.of('ID'), renamed(id.decodeText()));
  }
  for (const el of elements) {
    const attrs = el.get(PDFName.of('A'));
    const dicts = attrs instanceof PDFArray ? attrs.asArray() : [attrs];
    for (const dict of dicts) {
      const headers = dict instanceof PDFDict ? dict.get(PDFName.of('Headers')) : undefined;
      if (!(headers instanceof PDFArray)) continue;
      headers.asArray().forEach((h, i) => { if (isText(h)) headers.set(i, renamed(h.decodeText())); });
    }
  }
}
