import { describe, expect, it } from 'vitest';
import { atomicSignalCheck, imageFile } from './boot';

describe("the image's name", () => {
  const files = { '__init__.py': 'x = 1\n', '_a.py': 'y = 2\n' };

  it('changes with any file of the package, so an image never holds another version of it', () => {
    expect(imageFile({ ...files, '_a.py': 'y = 3\n' })).not.toBe(imageFile(files));
    expect(imageFile({ ...files, '_b.py': '' })).not.toBe(imageFile(files));
    expect(imageFile({ '__init__.py': files['__init__.py'] })).not.toBe(imageFile(files));
  });

  it('does not depend on the order the files are listed in', () => {
    expect(imageFile({ '_a.py': 'y = 2\n', '__init__.py': 'x = 1\n' })).toBe(imageFile(files));
    expect(imageFile(files)).toMatch(/^pcm-image-v\d+-[0-9a-f]+\.bin$/);
  });
});

describe('the signal check CPython makes', () => {
  it('takes a pending signal and clears the buffer in one step', () => {
    const interrupt = new Int32Array(new SharedArrayBuffer(4));
    const check = atomicSignalCheck(interrupt);
    expect(check()).toBe(0);
    interrupt[0] = 2;
    expect(check()).toBe(2);
    expect(interrupt[0]).toBe(0);
    expect(check()).toBe(0);
  });
});
