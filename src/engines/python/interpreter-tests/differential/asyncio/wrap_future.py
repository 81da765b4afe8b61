# a coroutine awaits a concurrent.futures future through wrap_future
import asyncio
from concurrent.futures import ThreadPoolExecutor


async def main():
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(sum, [1, 2, 3])
        print(await asyncio.wrap_future(future))


asyncio.run(main())
