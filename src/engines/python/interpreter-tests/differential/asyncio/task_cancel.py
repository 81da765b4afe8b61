# cancelling a task raises CancelledError inside it; the task reports cancelled()
import asyncio


async def sleeper(log):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log.append("cancelled inside")
        raise


async def main():
    log = []
    task = asyncio.create_task(sleeper(log))
    await asyncio.sleep(0.01)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        log.append("awaiting raised")
    print(log, task.cancelled())


asyncio.run(main())
