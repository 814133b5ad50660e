// A small pool of worker threads running the source readers (worker.ts). A job that crashes its
// worker (out of memory on a hostile file) or runs past its time is failed with a message and the
// worker replaced; the pool never takes the server down with it.

import { Worker } from 'worker_threads';
import * as fs from 'fs';
import * as path from 'path';
import type { ReadResult } from '../core/corpus/reader';
import type { ExtractFormat, PdfLimits } from './formats';

export interface ExtractorPool {
  run(format: ExtractFormat, bytes: Uint8Array, name: string): Promise<ReadResult>;
  close(): Promise<void>;
}

export interface PoolOptions {
  size: number;
  /** The worker script; found beside this module (dist/sources-worker.js, or worker.js in out/) when not given. */
  workerFile?: string;
  /** Milliseconds one file may take. */
  timeoutMs?: number;
  /** Heap a worker may use, in MB. */
  maxHeapMb?: number;
  pdfLimits?: PdfLimits;
}

export function workerScript(): string {
  const candidates = [path.join(__dirname, 'sources-worker.js'), path.join(__dirname, 'worker.js')];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

interface Pending {
  id: number;
  format: ExtractFormat;
  bytes: Uint8Array;
  name: string;
  resolve(r: ReadResult): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  job?: Pending;
  timer?: ReturnType<typeof setTimeout>;
}

export class WorkerPool implements ExtractorPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly file: string;

  constructor(private readonly options: PoolOptions) {
    this.file = path.resolve(options.workerFile ?? workerScript());
  }

  run(format: ExtractFormat, bytes: Uint8Array, name: string): Promise<ReadResult> {
    if (this.closed) return Promise.reject(new Error('the reader pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, format, bytes, name, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Slot {
    const worker = new Worker(this.file, {
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 1536 },
    });
    // Drained and dropped: never on the parent's stdout.
    worker.stdout.resume();
    worker.stderr.resume();
    const slot: Slot = { worker };
    worker.on('message', (m: { id: number; result?: ReadResult; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      this.finish(slot);
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.result!);
      this.pump();
    });
    const fail = (why: string) => {
      const job = slot.job;
      this.finish(slot);
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      job?.reject(new Error(why));
      this.pump();
    };
    worker.on('error', (e) => fail(/memory/i.test(e.message) ? 'the reader ran out of memory on it' : `the reader failed: ${e.message}`));
    worker.on('exit', (code) => {
      if (slot.job) fail(`the reader stopped (exit ${code})`);
      else {
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots.splice(i, 1);
      }
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    // An idle worker does not keep the process alive (a CLI run ends when its work does).
    slot.worker.unref();
  }

  private pump(): void {
    while (this.queue.length && !this.closed) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= Math.max(1, this.options.size)) return;
        try {
          slot = this.spawn();
        } catch (e) {
          // No worker can start (a missing script): every waiting job fails with the reason.
          for (const j of this.queue.splice(0)) j.reject(new Error(`no reader thread could start: ${(e as Error).message}`));
          return;
        }
      }
      const job = this.queue.shift()!;
      slot.job = job;
      // A worker with a job keeps the process alive until it answers.
      slot.worker.ref();
      const s = slot;
      s.timer = setTimeout(() => {
        const j = s.job;
        this.finish(s);
        const i = this.slots.indexOf(s);
        if (i >= 0) this.slots.splice(i, 1);
        void s.worker.terminate();
        j?.reject(new Error(`reading took longer than ${((this.options.timeoutMs ?? 120_000) / 1000).toLocaleString('en')} s; skipped`));
        this.pump();
      }, this.options.timeoutMs ?? 120_000);
      s.timer.unref?.();
      s.worker.postMessage({ id: job.id, format: job.format, bytes: job.bytes, name: job.name, pdfLimits: this.options.pdfLimits });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new Error('the reader pool was closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
