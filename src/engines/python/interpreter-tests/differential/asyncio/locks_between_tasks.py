# asyncio.Lock and Event coordinate tasks
import asyncio


async def main():
    lock = asyncio.Lock()
    event = asyncio.Event()
    order = []

    async def worker(n):
        await event.wait()
        async with lock:
            order.append(n)
            await asyncio.sleep(0.001)

    tasks = [asyncio.create_task(worker(n)) for n in range(3)]
    await asyncio.sleep(0.01)
    print(lock.locked(), event.is_set())
    event.set()
    await asyncio.gather(*tasks)
    print(order)


asyncio.run(main())
