# code in a coroutine runs in the thread whose loop runs it
import asyncio
import threading


async def where():
    return threading.current_thread().name


def in_thread(out):
    out.append(asyncio.run(where()))


out = []
t = threading.Thread(target=in_thread, args=(out,), name="loop-thread")
t.start()
t.join()
print(out, asyncio.run(where()))
