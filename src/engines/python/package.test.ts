import { describe, expect, it } from 'vitest';
import { imageFile } from './boot';
import { PACKAGE_FILES } from './package';
import { readPackageFiles } from '../../../scripts/python-package.mjs';

describe("the site's Python package", () => {
  it('is the same for the build, which names and makes the image, and for the page, which restores it', () => {
    const built = readPackageFiles();
    expect(Object.keys(built).sort()).toEqual(Object.keys(PACKAGE_FILES).sort());
    expect(Object.keys(built)).toContain('constants.json');
    expect(imageFile(built)).toBe(imageFile(PACKAGE_FILES));
  });
});
