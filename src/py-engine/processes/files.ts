/** The file names of the process layer's Python modules (for tests that load them from disk). */
export const PROCESS_FILES = [
  'pcm_processes.py',
  'pcm_mp_queues.py',
  'pcm_mp_pool.py',
  'pcm_mp_futures.py',
  'pcm_mp_shared.py',
  'pcm_mp_shm.py',
  'pcm_mp_setup.py',
  'pcm_child.py',
];
