// What nbx adds to the PDF Chrome printed: the title and authors in the
// document information, the outline shown when the file opens, and the source
// notebook as an embedded file (as notebook-as-pdf does), so the .ipynb can be
// recovered from the PDF (`pdfdetach -saveall nb.pdf`).

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
  const { AFRelationship, PDFDocument, PDFName, ParseSpeeds } = await loadPdfLib();
  // updateMetadata: false keeps Chrome's dates; the fields nbx knows are set below.
  const doc = await PDFDocument.load(printed, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  doc.setTitle(extras.title, { showInWindowTitleBar: true });
  if (extras.authors.length) doc.setAuthor(extras.authors.join(', '));
  doc.setCreator('nbx');
  if (extras.attachment) {
    await doc.attach(extras.attachment.bytes, extras.attachment.name, {
      mimeType: IPYNB_MIME,
      description: 'Source notebook',
      afRelationship: AFRelationship.Source,
    });
  }
  // Open with the bookmarks shown when there are any.
  if (doc.catalog.has(PDFName.of('Outlines'))) doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}
