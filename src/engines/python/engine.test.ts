import { afterEach, describe, expect, it, vi } from 'vitest';
import { missingFeature } from './interpreter';

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
