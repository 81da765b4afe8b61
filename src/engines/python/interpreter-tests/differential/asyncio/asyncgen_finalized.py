# asyncio.run closes async generators left unfinished
import asyncio

log = []


async def numbers():
    try:
        for n in range(10):
            yield n
    finally:
        log.append("generator closed")


async def main():
    async for n in numbers():
        if n == 2:
            break
    await asyncio.sleep(0)


asyncio.run(main())
print(log)
