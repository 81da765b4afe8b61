"""The main thread's asyncio event loop shares the GIL with the site's green threads.

While ``asyncio.run`` waits, the main thread is parked as if in ``select()``: threads run,
and a due loop callback counts as a thread waiting for the GIL. Pyodide's loop runs
``run_in_executor`` work on the spot, having no threads; here it goes to real (green) ones.
"""

import pcm_threads

# run_sync wraps each JavaScript promise a green thread waits on in a helper task; those
# are the machinery of threads, not work of the reader's event loop.
_INTERNAL_TASK = "ensure_future.<locals>._wrap_awaitable"


def is_internal_task(task):
    """Whether a task is one of run_sync's helpers (a green thread's wait), not the reader's."""
    return getattr(getattr(task, "get_coro", lambda: None)(), "__qualname__", "") == _INTERNAL_TASK


def is_internal(callback):
    """Whether an event-loop callback is a step of run_sync's helper task."""
    owner = getattr(callback, "__self__", None)
    return owner is not None and is_internal_task(owner)


default_executors = {}
# The scheduler's id for each pending callback of the reader's event loop (Handle has slots).
due_callbacks = {}
# What the main thread waits for in run_until_complete (asyncio.run), innermost last.
_main_tasks = []


def interrupt_loop():
    """Stop reached a main thread that waits in ``asyncio.run``: what it waits for is
    cancelled, as ``asyncio.Runner`` does on Ctrl-C, and ``run_until_complete`` then raises
    KeyboardInterrupt."""
    for task in _main_tasks:
        task.cancel()


def _keyboard_interrupt_in_callback():
    """KeyboardInterrupt raised in a task step or callback (it ran when Stop arrived) has
    ended that task; the main thread must still hear of it, wherever it waits."""
    import pcm_threads

    pcm_threads._pcm_js.interrupt_main()
    interrupt_loop()


def install():
    import asyncio

    from pyodide.webloop import WebLoop

    run_until_complete = WebLoop.run_until_complete
    call_later = WebLoop.call_later
    cancel = asyncio.Handle.cancel
    handle_run = asyncio.Handle._run

    def parked_run_until_complete(self, future):
        self._keyboard_interrupt_handler = _keyboard_interrupt_in_callback
        task = asyncio.ensure_future(future, loop=self)
        _main_tasks.append(task)
        # While asyncio.run waits, the main thread is in the loop's select(): GIL released.
        pcm_threads._gil.parkLoop()
        try:
            return run_until_complete(self, task)
        except asyncio.CancelledError:
            if pcm_threads._pcm_js.take_interrupt():
                raise KeyboardInterrupt from None
            raise
        finally:
            _main_tasks.remove(task)
            pcm_threads._gil.unparkLoop()
            pcm_threads._run.suspend(pcm_threads.MAIN_IDENT, pcm_threads._gil.acquire(pcm_threads.MAIN_IDENT))

    def announced_call_later(self, delay, callback, *args, context=None):
        handle = call_later(self, delay, callback, *args, context=context)
        if is_internal(callback):
            return handle
        due_callbacks[handle] = pcm_threads._gil.loopCallback(delay * 1000.0)
        return handle

    def announced_cancel(self):
        due = due_callbacks.pop(self, None)
        if due is not None:
            pcm_threads._gil.loopDone(due)
        return cancel(self)

    def loop_run(self):
        due = due_callbacks.pop(self, None)
        if due is None:
            return handle_run(self)
        pcm_threads._gil.loopDone(due)
        pcm_threads._gil.enterLoop()
        try:
            return handle_run(self)
        finally:
            pcm_threads._gil.leaveLoop()

    def run_in_executor(self, executor, func, *args):
        # Pyodide's loop calls func on the spot, having no threads; ours has them.
        if executor is None:
            executor = default_executors.get(self)
            if executor is None:
                from concurrent.futures import ThreadPoolExecutor

                executor = default_executors[self] = ThreadPoolExecutor(thread_name_prefix="asyncio")
        return asyncio.wrap_future(executor.submit(func, *args), loop=self)

    def set_default_executor(self, executor):
        default_executors[self] = executor

    WebLoop.run_in_executor = run_in_executor
    WebLoop.set_default_executor = set_default_executor
    WebLoop.run_until_complete = parked_run_until_complete
    WebLoop.call_later = announced_call_later
    asyncio.Handle.cancel = announced_cancel
    asyncio.Handle._run = loop_run
