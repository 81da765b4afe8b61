/**
 * The key a native recording is filed under: the SHA-256 of the snippet's exact source
 * (UTF-8, as hex). Any edit to a snippet, even a space, changes the key, so figures recorded
 * for one version of a snippet are never shown beside another.
 */
import { createHash } from 'node:crypto';

export function sourceHash(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}
