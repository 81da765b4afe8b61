# an asyncio.Queue passes items between tasks; join waits for task_done
import asyncio


async def main():
    queue = asyncio.Queue(maxsize=2)
    got = []

    async def consumer():
        while True:
            item = await queue.get()
            got.append(item)
            queue.task_done()

    task = asyncio.create_task(consumer())
    for n in range(5):
        await queue.put(n)
    await queue.join()
    task.cancel()
    print(got)


asyncio.run(main())
