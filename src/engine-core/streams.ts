/**
 * The streams a run writes to, shared by every engine: the program's own `stdout` and
 * `stderr`, and `info` for notes from the site itself (loading, stopped, restarted).
 */
export type Stream = 'stdout' | 'stderr' | 'info';
