// The pdf-lib chunk of the CLI bundle, loaded only by the PDF exporters.
export * from 'pdf-lib';
