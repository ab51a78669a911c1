// How the journeys and the benchmark start Debian's Chromium (never a
// downloaded browser).
import { statfsSync } from 'node:fs';

export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

// Chromium keeps its shared memory in /dev/shm. A container's is often 64 MB,
// too small for large pages; only then is it told to use /tmp instead, which
// may be on a disk, where its writes can stall the page.
const shmTooSmall = () => {
  try {
    const s = statfsSync('/dev/shm');
    return s.blocks * s.bsize < 1024 ** 3;
  } catch {
    return true;
  }
};

export const args = [
  '--no-sandbox', '--disable-gpu', ...(shmTooSmall() ? ['--disable-dev-shm-usage'] : []),
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];
