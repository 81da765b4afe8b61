# outside a coroutine there is no running loop; inside, the running loop is running
import asyncio

try:
    asyncio.get_running_loop()
except RuntimeError as error:
    print(error)
print(asyncio._get_running_loop())


async def main():
    loop = asyncio.get_running_loop()
    return loop.is_running(), loop is asyncio.get_running_loop()


print(asyncio.run(main()))
try:
    asyncio.current_task()
except RuntimeError as error:
    print(error)
