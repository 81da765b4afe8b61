import { afterEach, describe, expect, it, vi } from 'vitest';
import { missingFeature, needsPreparation } from './interpreter';

describe('missingFeature', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('explains a page that is not cross-origin isolated', () => {
    vi.stubGlobal('crossOriginIsolated', false);
    expect(missingFeature()).toMatch(/cross-origin isolated/);
  });

  it('names the browsers that have JSPI when it is missing', () => {
    vi.stubGlobal('crossOriginIsolated', true);
    vi.stubGlobal('WebAssembly', { ...WebAssembly, Suspending: undefined });
    expect(missingFeature()).toMatch(/JSPI.*Chrome and Edge 137/);
  });

  it('says nothing when both are present', () => {
    vi.stubGlobal('crossOriginIsolated', true);
    vi.stubGlobal('WebAssembly', { ...WebAssembly, Suspending: function Suspending() {} });
    expect(missingFeature()).toBeUndefined();
  });
});

describe('needsPreparation', () => {
  it('prepares programs that reach threads, queues, pickling or processes', () => {
    for (const source of [
      'import threading',
      'from concurrent.futures import ThreadPoolExecutor',
      'import _thread',
      'import multiprocessing as mp',
      'from queue import Queue',
      'import pickle',
      'await asyncio.to_thread(f)',
      'loop.run_in_executor(None, f)',
    ]) {
      expect(needsPreparation(source), source).toBe(true);
    }
  });

  it('lets sequential and plain asyncio programs start at once', () => {
    for (const source of ['print("hi")', 'import asyncio\nasyncio.run(asyncio.sleep(0.1))', 'sum(range(10))']) {
      expect(needsPreparation(source), source).toBe(false);
    }
  });
});
