import { execFileSync } from 'node:child_process';

/** Installs Chromium when it is missing (Debian's package), before any browser test starts. */
export default function setup(): void {
  execFileSync('bash', ['scripts/ensure-chromium.sh'], { stdio: 'inherit' });
}
