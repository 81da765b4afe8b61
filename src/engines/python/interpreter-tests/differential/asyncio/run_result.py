# asyncio.run returns the coroutine's value and raises its exception
import asyncio


async def value():
    await asyncio.sleep(0.01)
    return 42


async def failing():
    raise LookupError("inside")


print(asyncio.run(value()))
try:
    asyncio.run(failing())
except LookupError as error:
    print("raised", error)
print(asyncio.run(value()))
