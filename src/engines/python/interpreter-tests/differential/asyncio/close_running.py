# a running loop cannot be closed, nor run again from inside
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        loop.close()
    except RuntimeError as error:
        print(error)
    coroutine = asyncio.sleep(0)
    try:
        loop.run_until_complete(coroutine)
    except RuntimeError as error:
        print(error)
    coroutine.close()


asyncio.run(main())
