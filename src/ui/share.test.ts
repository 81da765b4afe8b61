import { describe, expect, it } from 'vitest';
import { fromBase64Url, parseShareFragment, shareFragment, toBase64Url } from './share';

describe('share links', () => {
  it('round-trips UTF-8 source, including characters outside Latin-1', () => {
    const code = 'print("naïve → 🐍")\n# ünïcode\n';
    expect(fromBase64Url(toBase64Url(code))).toBe(code);
    expect(toBase64Url(code)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('builds and parses a fragment with language and target', () => {
    const fragment = shareFragment({ code: 'await sleep(1)', lang: 'ts', target: 'worker' });
    expect(fragment).toMatch(/^#code=[\w-]+&lang=ts&target=worker$/);
    expect(parseShareFragment(fragment)).toEqual({ code: 'await sleep(1)', lang: 'ts', target: 'worker' });
  });

  it('gives Python no target and defaults ts/js to the main thread', () => {
    expect(shareFragment({ code: 'x', lang: 'python', target: 'worker' })).not.toContain('target');
    expect(parseShareFragment(`#code=${toBase64Url('x')}&lang=js`)).toEqual({ code: 'x', lang: 'js', target: 'main' });
  });

  it('ignores fragments that hold no valid snippet', () => {
    expect(parseShareFragment('')).toBeUndefined();
    expect(parseShareFragment('#code=%%%')).toBeUndefined();
    expect(parseShareFragment(`#code=${toBase64Url('x')}&lang=rust`)).toBeUndefined();
    // Invalid UTF-8 (a lone continuation byte) is rejected rather than decoded to garbage.
    expect(parseShareFragment('#code=gA&lang=python')).toBeUndefined();
  });
});
