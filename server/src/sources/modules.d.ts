// Modules without their own type declarations.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
