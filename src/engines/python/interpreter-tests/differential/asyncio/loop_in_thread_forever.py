# a loop running forever in a thread serves coroutines from the main thread until stopped
import asyncio
import threading

loop = asyncio.new_event_loop()
t = threading.Thread(target=loop.run_forever)
t.start()


async def square(n):
    await asyncio.sleep(0.01)
    return n * n


print([asyncio.run_coroutine_threadsafe(square(n), loop).result(timeout=5) for n in range(3)])
loop.call_soon_threadsafe(loop.stop)
t.join()
print(loop.is_running())
loop.close()
