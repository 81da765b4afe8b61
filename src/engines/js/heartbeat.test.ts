import { describe, expect, it } from 'vitest';
import { analyzeFrames } from './heartbeat';

describe('analyzeFrames', () => {
  it('a smooth 60 Hz run drops nothing', () => {
    const frames = Array.from({ length: 61 }, (_, i) => i * (1000 / 60));
    expect(analyzeFrames(frames)).toMatchObject({ dropped_frames: 0, longest_stall_ms: 16.7 });
  });

  it('a 500 ms freeze shows as the longest stall and about 29 dropped frames', () => {
    const frames = [0, 16.7, 33.3, 533.3, 550];
    const stats = analyzeFrames(frames);
    expect(stats.longest_stall_ms).toBe(500);
    expect(stats.dropped_frames).toBe(29);
  });

  it('handles a single timestamp', () => {
    expect(analyzeFrames([5])).toEqual({ longest_stall_ms: 0, dropped_frames: 0, frames: 1 });
  });
});
