# asyncio.run in several threads: each thread runs its own loop, at the same time
import asyncio
import threading
import time

loops = {}


async def work(name):
    loops[name] = id(asyncio.get_running_loop())
    await asyncio.sleep(0.25)
    return threading.current_thread().name


results = []
threads = [threading.Thread(target=lambda n=n: results.append(asyncio.run(work(n))), name=f"t{n}") for n in range(3)]
start = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results), len(set(loops.values())), time.monotonic() - start < 0.6)
