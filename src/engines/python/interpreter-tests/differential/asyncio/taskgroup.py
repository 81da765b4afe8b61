# a TaskGroup waits for its tasks and gathers their failures in an ExceptionGroup
import asyncio


async def ok(n):
    await asyncio.sleep(0.01)
    return n


async def bad():
    await asyncio.sleep(0.005)
    raise ValueError("one failed")


async def main():
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(ok(n)) for n in range(3)]
    print([task.result() for task in tasks])
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(ok(1))
            group.create_task(bad())
    except* ValueError as errors:
        print([str(error) for error in errors.exceptions])


asyncio.run(main())
