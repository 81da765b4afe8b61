# run_in_executor runs a function in the loop's default thread pool, made on first use
import asyncio
import threading


def blocking():
    return threading.current_thread().name


async def main():
    loop = asyncio.get_running_loop()
    print(loop._default_executor)
    name = await loop.run_in_executor(None, blocking)
    print(name.startswith("asyncio_"), loop._default_executor is not None)


asyncio.run(main())
