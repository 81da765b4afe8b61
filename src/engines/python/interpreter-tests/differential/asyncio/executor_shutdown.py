# asyncio.run waits for the default executor's work before it returns
import asyncio
import time

done = []


def slow():
    time.sleep(0.05)
    done.append("executor job finished")


async def main():
    asyncio.get_running_loop().run_in_executor(None, slow)
    await asyncio.sleep(0)


asyncio.run(main())
print(done)
