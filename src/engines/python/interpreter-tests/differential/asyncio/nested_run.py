# asyncio.run inside a running event loop raises RuntimeError, and the inner coroutine never runs
import asyncio


async def other():
    print("never runs")


async def main():
    coroutine = other()
    try:
        asyncio.run(coroutine)
    except RuntimeError as error:
        print(error)
    coroutine.close()


asyncio.run(main())
