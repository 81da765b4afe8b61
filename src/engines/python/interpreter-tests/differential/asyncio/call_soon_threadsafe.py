# a thread hands work to the event loop with call_soon_threadsafe and run_coroutine_threadsafe
import asyncio
import threading


async def double(n):
    return n * 2


async def main():
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    results = []

    def from_thread():
        results.append(asyncio.run_coroutine_threadsafe(double(21), loop).result(timeout=5))
        loop.call_soon_threadsafe(done.set)

    threading.Thread(target=from_thread).start()
    await done.wait()
    print(results)


asyncio.run(main())
