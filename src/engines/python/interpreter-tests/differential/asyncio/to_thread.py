# asyncio.to_thread runs blocking calls in threads, concurrently with each other
import asyncio
import threading
import time


def blocking(n):
    time.sleep(0.25)
    return n, threading.current_thread() is not threading.main_thread()


async def main():
    start = time.monotonic()
    results = await asyncio.gather(*(asyncio.to_thread(blocking, n) for n in range(4)))
    print(results, time.monotonic() - start < 0.75)


asyncio.run(main())
