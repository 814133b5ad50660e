// The worker thread that extracts sources (PDF.js, mammoth, Readability) off the server's thread.
// It answers { id, format, bytes, name } with { id, result } or { id, error }. Libraries' console
// output is dropped: the parent's stdout may be the protocol's channel.

import { parentPort } from 'worker_threads';
import { extract, type ExtractFormat } from './extract';
import type { PdfLimits } from './formats';

interface Job {
  id: number;
  format: ExtractFormat;
  bytes: Uint8Array;
  name: string;
  pdfLimits?: PdfLimits;
}

console.log = () => {};
console.info = () => {};
console.warn = () => {};
console.error = () => {};

parentPort?.on('message', (job: Job) => {
  extract(job.format, job.bytes, job.name, job.pdfLimits).then(
    (result) => parentPort!.postMessage({ id: job.id, result }),
    (e: unknown) => parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
