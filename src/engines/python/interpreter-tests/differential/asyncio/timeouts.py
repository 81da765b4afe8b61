# wait_for and asyncio.timeout raise TimeoutError when the time is up
import asyncio


async def main():
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=0.02)
    except TimeoutError:
        print("wait_for timed out")
    try:
        async with asyncio.timeout(0.02):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout block timed out")
    print(await asyncio.wait_for(asyncio.sleep(0, "in time"), timeout=1))


asyncio.run(main())
