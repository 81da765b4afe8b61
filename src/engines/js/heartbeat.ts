/**
 * A frame heartbeat: while a snippet runs on the page's thread, requestAnimationFrame
 * should fire every ~16.7 ms. A CPU-bound loop stops it, and the gaps between frames show
 * how long the page was frozen. The arithmetic is a pure function so it can be tested.
 */

export interface HeartbeatStats {
  /** The longest gap between two frames, in ms. */
  longest_stall_ms: number;
  /** Frames that should have been drawn but were not. */
  dropped_frames: number;
  frames: number;
}

export function analyzeFrames(timestamps: readonly number[], frameMs = 1000 / 60): HeartbeatStats {
  let longest = 0;
  let dropped = 0;
  for (let index = 1; index < timestamps.length; index += 1) {
    const gap = (timestamps[index] ?? 0) - (timestamps[index - 1] ?? 0);
    longest = Math.max(longest, gap);
    // A gap of 1.5 frames or more means at least one frame was missed.
    dropped += Math.max(0, Math.round(gap / frameMs) - 1);
  }
  return { longest_stall_ms: Math.round(longest * 10) / 10, dropped_frames: dropped, frames: timestamps.length };
}

/** Records frame times until stopped; `onFrame` lets a meter redraw itself each frame. */
export function startHeartbeat(onFrame?: (gapMs: number) => void): () => HeartbeatStats {
  const timestamps: number[] = [performance.now()];
  let handle = 0;
  const tick = (time: number): void => {
    const previous = timestamps.at(-1) ?? time;
    timestamps.push(time);
    onFrame?.(time - previous);
    handle = requestAnimationFrame(tick);
  };
  handle = requestAnimationFrame(tick);
  return () => {
    cancelAnimationFrame(handle);
    timestamps.push(performance.now());
    return analyzeFrames(timestamps);
  };
}
