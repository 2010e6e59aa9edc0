// SHA-256 (not the spec's MD5: MD5 collisions are cheap to make, so it cannot vouch for integrity).
import { createHash } from 'node:crypto';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
