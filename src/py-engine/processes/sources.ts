/**
 * The Python files of the process layer, installed into every interpreter (the parent and
 * each child) under /home/pyodide/.
 */
import processes from '../pcm_processes.py?raw';
import queues from '../pcm_mp_queues.py?raw';
import pool from '../pcm_mp_pool.py?raw';
import futures from '../pcm_mp_futures.py?raw';
import shared from '../pcm_mp_shared.py?raw';
import shm from '../pcm_mp_shm.py?raw';
import setup from '../pcm_mp_setup.py?raw';
import child from '../pcm_child.py?raw';

export const PROCESS_SOURCES: Record<string, string> = {
  'pcm_processes.py': processes,
  'pcm_mp_queues.py': queues,
  'pcm_mp_pool.py': pool,
  'pcm_mp_futures.py': futures,
  'pcm_mp_shared.py': shared,
  'pcm_mp_shm.py': shm,
  'pcm_mp_setup.py': setup,
  'pcm_child.py': child,
};
