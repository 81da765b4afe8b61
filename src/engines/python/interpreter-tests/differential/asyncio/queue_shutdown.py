# asyncio.Queue.shutdown wakes waiting getters with QueueShutDown (compared with a file: new in 3.13)
import asyncio


async def getter(queue, log):
    try:
        await queue.get()
    except asyncio.QueueShutDown:
        log.append("getter: QueueShutDown")


async def main():
    queue = asyncio.Queue()
    log = []
    task = asyncio.create_task(getter(queue, log))
    await asyncio.sleep(0.01)
    queue.shutdown()
    await task
    try:
        queue.put_nowait(1)
    except asyncio.QueueShutDown:
        log.append("put: QueueShutDown")
    print(log)


asyncio.run(main())
